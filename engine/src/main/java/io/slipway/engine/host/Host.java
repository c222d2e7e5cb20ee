package io.slipway.engine.host;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/** A machine the executor acts on: commands over SSH and its Docker Engine API. Close to disconnect. */
public interface Host extends AutoCloseable {

  HostAddress address();

  /** Runs a shell command on the host and waits for it, at most {@code timeout}. */
  CommandResult exec(String command, Duration timeout);

  /** Writes a file on the host atomically (temporary file, then rename) with {@code mode}, e.g. 0600. */
  void writeFile(String path, byte[] content, int mode);

  /**
   * Reads a file of the host (as root where the host works on files as root), whole; it travels
   * as base64 over a command's output, so any content comes back intact.
   *
   * @throws SshException naming the host and path when it cannot be read
   */
  default byte[] readFile(String path) {
    CommandResult result = exec("base64 -w0 -- '" + path.replace("'", "'\\''") + "'", Duration.ofMinutes(2));
    if (result.exitCode() != 0) {
      throw new SshException(address(), SshException.Kind.OTHER, "reading " + path + " failed (exit "
          + result.exitCode() + "): " + result.stderr().strip(), null);
    }
    return Base64.getDecoder().decode(result.stdout().strip());
  }

  /**
   * GETs {@code url} as the host reaches it (through the SSH connection, as RKE runs its health
   * checks), presenting the client certificate in {@code tls} when it has one.
   */
  default HttpResult httpGet(URI url, SSLContext tls, Duration timeout) {
    return http("GET", url, tls, timeout);
  }

  /** Sends a body-less {@code method} request to {@code url} as the host reaches it (see {@link #httpGet}). */
  default HttpResult http(String method, URI url, SSLContext tls, Duration timeout) {
    return http(method, url, tls, timeout, null, null);
  }

  /**
   * Sends {@code method} with {@code body} (of {@code contentType}; both null for none) to
   * {@code url} as the host reaches it (see {@link #httpGet}).
   */
  HttpResult http(String method, URI url, SSLContext tls, Duration timeout, String contentType, String body);

  /**
   * Whether a TCP connection from this host to {@code address:port} gets through, tried by the
   * host itself (its sshd opens the connection, as a forwarded port), within {@code timeout}.
   */
  Reach reach(String address, int port, Duration timeout);

  /** What became of a connection attempt from a host to an address and port. */
  record Reach(boolean through, String detail) {
    /** Connected, or refused by the other end (nothing listens there yet, but packets arrive). */
    public static Reach through(String detail) {
      return new Reach(true, detail);
    }

    /** Timed out, or no route: something between drops the packets. */
    public static Reach blocked(String detail) {
      return new Reach(false, detail);
    }
  }

  /** The host's Docker Engine API (reached through the same SSH connection). */
  DockerClient docker();

  @Override
  void close();
}
