package io.slipway.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that is not a cluster.yml at all, or is built to hurt: each is refused with a located
 * error (exit 2), never a Java exception, a hang or an out-of-memory.
 */
class HostileInputTest {

  private static final String VALID = "nodes:\n  - address: 10.0.0.1\n    user: rke\n    role: [controlplane, etcd, worker]\n";

  @TempDir
  Path dir;

  @Test
  void aDirectoryIsNotAFile() {
    assertThat(refusal(dir)).isEqualTo(dir + ": is a directory, not a file");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aFifoIsRefusedBeforeItIsOpened() throws Exception {
    Path fifo = dir.resolve("cluster.yml");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    assertThat(refusal(fifo)).endsWith("is not a regular file (a device, pipe or socket); give the path of a file");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aDeviceIsRefused() {
    assertThat(refusal(Path.of("/dev/zero"))).contains("is not a regular file");
  }

  @Test
  void aSymlinkLoopIsNamed() throws IOException {
    Path a = dir.resolve("a.yml");
    Path b = dir.resolve("b.yml");
    Files.createSymbolicLink(a, b);
    Files.createSymbolicLink(b, a);
    assertThat(refusal(a)).startsWith(a + ": cannot read: ");
  }

  @Test
  void anEmptyPathIsRefused() {
    assertThat(refusal(Path.of(""))).isEqualTo("(empty path): no file named: the path is empty");
  }

  @Test
  void aFileBeyondTheCapIsRefusedWithoutReadingIt() throws IOException {
    Path huge = dir.resolve("huge.yml");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(InputText.MAX_BYTES + 1L);  // sparse: nothing is written
    }
    assertThat(refusal(huge)).contains("input files are read up to 64 MiB");
  }

  @Test
  void latin1IsNotUtf8AndTheBadByteIsLocated() throws IOException {
    Path latin1 = write("cluster.yml", (VALID + "cluster_name: café\n").getBytes(StandardCharsets.ISO_8859_1));
    assertThat(refusal(latin1)).isEqualTo(latin1 + ":5:18: not valid UTF-8: byte 0xe9 at offset 99; save the file as "
        + "UTF-8 (it may be Latin-1 or another 8-bit encoding)");
  }

  @Test
  void utf16WithoutAByteOrderMarkIsNamed() throws IOException {
    Path utf16 = write("cluster.yml", VALID.getBytes(StandardCharsets.UTF_16LE));
    assertThat(refusal(utf16)).contains("the file holds NUL bytes (UTF-16 without a byte-order mark");
  }

  @Test
  void utf16WithAByteOrderMarkAndUtf8WithOneLoad() throws IOException {
    byte[] body = VALID.getBytes(StandardCharsets.UTF_16BE);
    byte[] marked = new byte[body.length + 2];
    marked[0] = (byte) 0xfe;
    marked[1] = (byte) 0xff;
    System.arraycopy(body, 0, marked, 2, body.length);
    assertThat(ConfigLoader.load(write("be.yml", marked), Strictness.STRICT).config().nodes()).hasSize(1);
    byte[] utf8 = ("\ufeff" + VALID).getBytes(StandardCharsets.UTF_8);
    assertThat(ConfigLoader.load(write("bom.yml", utf8), Strictness.STRICT).config().nodes()).hasSize(1);
  }

  @Test
  void aTwentyMegabyteLineIsRefusedBeforeItIsParsed() throws IOException {
    Path big = write("big.yml", (VALID + "cluster_name: " + "x".repeat(20 << 20) + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(refusal(big)).isEqualTo(big + ":5:1: line 5 is 20480 KiB long; lines are read up to 256 KiB (write a long "
        + "value as a block scalar, key: |, over several lines)");
  }

  @Test
  void aTenMegabyteBlockScalarLoads() throws IOException {
    // a user addon: a config map whose one value is ten megabytes of text
    StringBuilder yaml = new StringBuilder(VALID).append("addons: |\n  apiVersion: v1\n  kind: ConfigMap\n"
        + "  metadata: {name: big}\n  data:\n    blob: |\n");
    String line = "      " + "y".repeat(74) + "\n";
    for (int i = 0; i < (10 << 20) / line.length(); i++) {
      yaml.append(line);
    }
    Path big = write("addons.yml", yaml.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(ConfigLoader.load(big, Strictness.LENIENT).config().addons()).hasSizeGreaterThan(10_000_000);
  }

  @Test
  void anOverlongUtf8EncodingIsRefusedAtItsFirstByte() throws IOException {
    // 0xc0 0xaf is "/" written in two bytes: decoders that allow it have let "..%c0%af.." through
    Path overlong = write("cluster.yml", concat(VALID + "cluster_name: ", 0xc0, 0xaf, '\n'));
    assertThat(refusal(overlong)).isEqualTo(overlong + ":5:15: not valid UTF-8: byte 0xc0 at offset 96; save the file as "
        + "UTF-8 (it may be Latin-1 or another 8-bit encoding)");
  }

  @Test
  void aSurrogateEncodedInUtf8IsRefused() throws IOException {
    Path cesu = write("cluster.yml", concat(VALID + "cluster_name: ", 0xed, 0xa0, 0x80, '\n'));
    assertThat(refusal(cesu)).startsWith(cesu + ":5:15: not valid UTF-8: byte 0xed at offset 96");
  }

  @Test
  void aMultiByteCharacterCutOffAtTheEndIsRefused() throws IOException {
    Path cut = write("cluster.yml", concat(VALID + "cluster_name: caf", 0xc3));
    assertThat(refusal(cut)).startsWith(cut + ":5:18: not valid UTF-8: byte 0xc3 at offset 99");
  }

  @Test
  void utf16WithAnOddNumberOfBytesIsRefused() throws IOException {
    byte[] body = VALID.getBytes(StandardCharsets.UTF_16LE);
    byte[] odd = new byte[body.length + 3];
    odd[0] = (byte) 0xff;
    odd[1] = (byte) 0xfe;
    System.arraycopy(body, 0, odd, 2, body.length);
    odd[odd.length - 1] = 'x';
    assertThat(refusal(write("odd.yml", odd))).contains("not valid UTF-16LE: byte 0x78");
  }

  @Test
  void utf32IsNamedAsNotUtf8() throws IOException {
    Path utf32 = write("cluster.yml", concat("", 0x00, 0x00, 0xfe, 0xff, 0x00, 0x00, 0x00, 'n'));
    assertThat(refusal(utf32)).contains("the file holds NUL bytes");
  }

  @Test
  void aDanglingSymlinkIsAFileNotFound() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("cluster.yml"), dir.resolve("gone.yml"));
    assertThat(refusal(link)).isEqualTo(link + ": file not found");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aHundredThousandNestedBracketsAreRefusedAtTheirDepth() throws IOException {
    Path deep = write("deep.yml", (VALID + "cluster_name: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(refusal(deep)).isEqualTo(deep + ":5:65: invalid YAML: Nesting Depth exceeded max 50");
  }

  /** {@code text} in UTF-8 followed by raw {@code bytes}. */
  private static byte[] concat(String text, int... bytes) {
    byte[] head = text.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + bytes.length];
    System.arraycopy(head, 0, all, 0, head.length);
    for (int i = 0; i < bytes.length; i++) {
      all[head.length + i] = (byte) bytes[i];
    }
    return all;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static String refusal(Path file) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Strictness.STRICT));
    assertThat(e).as("%s is refused with a ConfigException", file).isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0).toString();
  }
}
