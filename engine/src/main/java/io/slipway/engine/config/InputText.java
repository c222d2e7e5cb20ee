package io.slipway.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The text of an input file, read defensively: a regular file only (a FIFO, device or
 * directory is refused before it is opened), no larger than {@link #MAX_BYTES}, decoded
 * strictly as UTF-8 (or UTF-16 with a byte-order mark, as YAML allows). Every refusal is a
 * {@link ConfigException} naming the file and, for bad bytes, their line and column.
 */
final class InputText {

  /** Large enough for a 50,000-node cluster.yml with labels and taints, small enough to hold in memory. */
  static final int MAX_BYTES = 64 << 20;

  private InputText() {
  }

  static String read(Path path) {
    String name = path.toString();
    if (name.isEmpty()) {
      throw refused(name, "no file named: the path is empty");
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw refused(name, "file not found");
    } catch (AccessDeniedException e) {
      throw refused(name, "permission denied");
    } catch (FileSystemException e) {
      throw refused(name, "cannot read: " + (e.getReason() != null ? e.getReason() : "not accessible"));
    } catch (IOException e) {
      throw refused(name, "cannot read: " + e.getMessage());
    }
    if (attributes.isDirectory()) {
      throw refused(name, "is a directory, not a file");
    }
    if (!attributes.isRegularFile()) {
      throw refused(name, "is not a regular file (a device, pipe or socket); give the path of a file");
    }
    if (attributes.size() > MAX_BYTES) {
      throw refused(name, tooLarge(attributes.size()));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_BYTES + 1);  // the file may have grown since its size was read
    } catch (AccessDeniedException e) {
      throw refused(name, "permission denied");
    } catch (IOException e) {
      throw refused(name, "cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw refused(name, tooLarge(bytes.length));
    }
    return decode(name, bytes);
  }

  /** The text of {@code bytes}: UTF-8, or UTF-16 when a byte-order mark says so. */
  static String decode(String file, byte[] bytes) {
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
      return strictly(file, bytes, 2, StandardCharsets.UTF_16BE.newDecoder());
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
      return strictly(file, bytes, 2, StandardCharsets.UTF_16LE.newDecoder());
    }
    boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new ConfigException(List.of(Problem.error(at(file, bytes, i), "", "the file holds NUL bytes (UTF-16 "
            + "without a byte-order mark, or not text at all); save it as UTF-8")));
      }
    }
    return strictly(file, bytes, bom ? 3 : 0, StandardCharsets.UTF_8.newDecoder());
  }

  private static String strictly(String file, byte[] bytes, int start, CharsetDecoder decoder) {
    decoder.onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      String charset = decoder.charset().name();
      String hint = charset.equals("UTF-8") ? "; save the file as UTF-8 (it may be Latin-1 or another 8-bit encoding)" : "";
      throw new ConfigException(List.of(Problem.error(at(file, bytes, offset), "", "not valid " + charset + ": byte 0x"
          + String.format("%02x", bytes[offset] & 0xff) + " at offset " + offset + hint)));
    }
    out.flip();
    return out.toString();
  }

  /** Line and column (in bytes) of {@code offset}, for a problem the YAML parser never sees. */
  private static Location at(String file, byte[] bytes, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Location(file, line, offset - lineStart + 1);
  }

  private static String tooLarge(long size) {
    return "is " + (size >> 20) + " MiB; input files are read up to " + (MAX_BYTES >> 20) + " MiB";
  }

  private static ConfigException refused(String file, String message) {
    return new ConfigException(List.of(Problem.error(Location.startOf(file.isEmpty() ? "(empty path)" : file), "",
        message)));
  }
}
