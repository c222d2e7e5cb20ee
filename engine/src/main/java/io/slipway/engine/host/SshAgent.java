package io.slipway.engine.host;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of the SSH agent at a Unix socket ({@code $SSH_AUTH_SOCK}): lists the keys it holds
 * and has it sign, so private keys never reach Slipway (the agent protocol, RFC draft
 * draft-miller-ssh-agent: REQUEST_IDENTITIES and SIGN_REQUEST only). One connection per call.
 */
public final class SshAgent {

  private static final byte REQUEST_IDENTITIES = 11;
  private static final byte IDENTITIES_ANSWER = 12;
  private static final byte SIGN_REQUEST = 13;
  private static final byte SIGN_RESPONSE = 14;
  /** Sign flag asking for an rsa-sha2-256 signature from an RSA key. */
  static final int RSA_SHA2_256 = 2;

  /** A key the agent holds: its public blob (SSH wire form), the blob's key type and its comment. */
  public record Identity(byte[] blob, String keyType, String comment) {
  }

  private final Path socket;

  public SshAgent(Path socket) {
    this.socket = socket;
  }

  public Path socket() {
    return socket;
  }

  public List<Identity> identities() throws IOException {
    ByteBuffer answer = call(new byte[] {REQUEST_IDENTITIES});
    expect(answer, IDENTITIES_ANSWER);
    int count = answer.getInt();
    List<Identity> identities = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] blob = string(answer);
      String comment = new String(string(answer), StandardCharsets.UTF_8);
      identities.add(new Identity(blob, new String(string(ByteBuffer.wrap(blob)), StandardCharsets.US_ASCII), comment));
    }
    return identities;
  }

  /** The agent's signature blob (algorithm name and signature, SSH wire form) over {@code data}. */
  public byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
    ByteBuffer request = ByteBuffer.allocate(1 + 4 + keyBlob.length + 4 + data.length + 4);
    request.put(SIGN_REQUEST).putInt(keyBlob.length).put(keyBlob).putInt(data.length).put(data).putInt(flags);
    ByteBuffer answer = call(request.array());
    expect(answer, SIGN_RESPONSE);
    return string(answer);
  }

  private ByteBuffer call(byte[] message) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteBuffer length = read(channel, 4);
      int size = length.getInt();
      if (size <= 0 || size > 256 * 1024) {
        throw new IOException("the SSH agent at " + socket + " sent a malformed answer (" + size + " bytes)");
      }
      return read(channel, size);
    }
  }

  private static ByteBuffer read(SocketChannel channel, int size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the SSH agent closed the connection");
      }
    }
    return buffer.flip();
  }

  private void expect(ByteBuffer answer, byte type) throws IOException {
    byte got = answer.get();
    if (got != type) {
      throw new IOException("the SSH agent at " + socket + " refused the request (answer type " + got + ")");
    }
  }

  private static byte[] string(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.getInt()];
    buffer.get(bytes);
    return bytes;
  }
}
