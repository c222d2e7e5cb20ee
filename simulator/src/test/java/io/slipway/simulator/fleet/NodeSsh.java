package io.slipway.simulator.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/** Test helper: an sshj client to a fleet node that verifies the host key against the fleet's known_hosts. */
final class NodeSsh {

  private NodeSsh() {
  }

  static SSHClient connect(Fleet fleet, SshEndpoint endpoint, Duration timeout) throws IOException {
    SSHClient ssh = new SSHClient();
    ssh.loadKnownHosts(fleet.knownHosts().toFile());
    ssh.setConnectTimeout((int) timeout.toMillis());
    ssh.setTimeout((int) timeout.toMillis());
    try {
      ssh.connect(endpoint.host(), endpoint.port());
      ssh.authPublickey("root", ssh.loadKeys(fleet.privateKey().toString()));
      return ssh;
    } catch (IOException | RuntimeException e) {
      ssh.close();
      throw e;
    }
  }

  /** Runs {@code command} over an open connection; returns exit code and output. */
  static ExecResult run(SSHClient ssh, String command) throws IOException {
    try (Session session = ssh.startSession()) {
      Session.Command cmd = session.exec(command);
      String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(cmd.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      cmd.join(60, TimeUnit.SECONDS);
      Integer exit = cmd.getExitStatus();
      return new ExecResult(exit == null ? -1 : exit, out, err);
    }
  }
}
