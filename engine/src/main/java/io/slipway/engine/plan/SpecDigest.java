package io.slipway.engine.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Computes {@link ContainerSpec#hash()}: SHA-256 over the spec's fields, each as UTF-8 followed
 * by a zero byte (a list's items separated by a byte 1), as hex, first 16 characters. The
 * fields are encoded into one buffer and digested at once; buffer and digest serve spec after
 * spec, since a plan hashes two specs per node (fresh ones for each were a third of what planning
 * allocated, and a digest call per field half of what hashing took). Not thread-safe: each plan's
 * {@link Components} owns one.
 */
final class SpecDigest {

  private final MessageDigest sha;
  private byte[] buffer = new byte[4096];
  private int size;

  SpecDigest() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** The hash of {@code spec}, with {@code command} standing for its command (the significant part of it). */
  String of(ContainerSpec spec, List<String> command) {
    size = 0;
    field(spec.name());
    field(spec.image());
    field(command);
    field(spec.env());
    field(spec.binds());
    field(spec.networkMode());
    field(spec.pidMode());
    field(Boolean.toString(spec.privileged()));
    field(spec.restartPolicy());
    // fields added later count only when set, so the containers of earlier runs keep their hashes
    if (!spec.volumes().isEmpty() || !spec.volumesFrom().isEmpty() || !spec.started()) {
      field(spec.volumes());
      field(spec.volumesFrom());
      field(Boolean.toString(spec.started()));
    }
    sha.update(buffer, 0, size);
    return HexFormat.of().formatHex(sha.digest(), 0, 8);  // digest() also resets it for the next spec
  }

  private void field(String value) {
    append(value);
    put((byte) 0);
  }

  /** The items, separated by a byte 1 (U+0001 in UTF-8), then the zero byte. */
  private void field(List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        put((byte) 1);
      }
      append(String.valueOf(values.get(i)));
    }
    put((byte) 0);
  }

  /** Appends {@code text} as UTF-8: ASCII (nearly all of a spec) char by char, anything else as getBytes encodes it. */
  private void append(String text) {
    int length = text.length();
    room(length);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        room(utf8.length);
        System.arraycopy(utf8, 0, buffer, size, utf8.length);
        size += utf8.length;
        return;
      }
      buffer[size + i] = (byte) c;  // an ASCII character is its own UTF-8 encoding
    }
    size += length;
  }

  private void put(byte b) {
    room(1);
    buffer[size++] = b;
  }

  /** Makes room for {@code more} bytes. */
  private void room(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(size + more, 2 * buffer.length));
    }
  }
}
