package io.slipway.standin.etcd;

import io.slipway.engine.Poll;
import io.slipway.engine.pki.CertificateAuthority;
import io.slipway.engine.pki.CertificateRequest;
import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.engine.pki.KeyType;
import io.slipway.simulator.LoopbackPorts;
import io.slipway.standin.Tls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Test fixture: a real etcd cluster (Debian's etcd-server) of local processes on loopback,
 * with mutual TLS from a fresh CA, as the apiserver will meet it. Members can be stopped and
 * started again to take quorum away and give it back.
 */
public final class LocalEtcdCluster implements AutoCloseable {

  private final Path dir;
  private final CertificateAuthority ca;
  private final List<Member> members = new ArrayList<>();
  private final String initialCluster;

  private record Member(String name, int clientPort, int peerPort, Path dataDir, Process[] process) {
    URI clientUrl() {
      return URI.create("https://127.0.0.1:" + clientPort);
    }
  }

  public LocalEtcdCluster(Path dir, int size) {
    this.dir = dir;
    this.ca = CertificateAuthority.create("etcd-test-ca", KeyType.RSA_2048, Clock.systemUTC(), new SecureRandom());
    write("ca.pem", ca.asIssued().certificatePem());
    IssuedCertificate server = ca.issue(CertificateRequest.server("etcd", List.of("localhost"), List.of("127.0.0.1")));
    write("server.pem", server.certificatePem());
    write("server-key.pem", server.privateKeyPem());
    IssuedCertificate client = ca.issue(CertificateRequest.client("kube-node", "system:nodes"));
    write("client.pem", client.certificatePem());
    write("client-key.pem", client.privateKeyPem());
    for (int i = 1; i <= size; i++) {
      members.add(new Member("etcd-" + i, LoopbackPorts.free(), LoopbackPorts.free(), dir.resolve("data-" + i), new Process[1]));
    }
    initialCluster = members.stream().map(m -> m.name() + "=https://127.0.0.1:" + m.peerPort())
        .collect(Collectors.joining(","));
    IntStream.range(0, size).forEach(this::start);
    if (!Poll.until(Duration.ofSeconds(30), Duration.ofMillis(200), () -> newClient(Duration.ofSeconds(2)).healthy())) {
      throw new IllegalStateException("etcd cluster did not become healthy; logs in " + dir);
    }
  }

  /** Starts (or restarts) member {@code index} (0-based). */
  public void start(int index) {
    Member m = members.get(index);
    try {
      m.process()[0] = new ProcessBuilder("etcd", "--name", m.name(), "--data-dir", m.dataDir().toString(),
          "--listen-client-urls", m.clientUrl().toString(), "--advertise-client-urls", m.clientUrl().toString(),
          "--listen-peer-urls", "https://127.0.0.1:" + m.peerPort(),
          "--initial-advertise-peer-urls", "https://127.0.0.1:" + m.peerPort(),
          "--initial-cluster", initialCluster, "--initial-cluster-state", "new",
          "--initial-cluster-token", "slipway-test",
          "--cert-file", file("server.pem"), "--key-file", file("server-key.pem"),
          "--trusted-ca-file", file("ca.pem"), "--client-cert-auth",
          "--peer-cert-file", file("server.pem"), "--peer-key-file", file("server-key.pem"),
          "--peer-trusted-ca-file", file("ca.pem"), "--peer-client-cert-auth",
          "--election-timeout", "1000", "--heartbeat-interval", "100")
          .redirectErrorStream(true).redirectOutput(dir.resolve(m.name() + ".log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start etcd (is Debian's etcd-server installed?)", e);
    }
  }

  /** Stops member {@code index} (0-based) and waits until its process has ended. */
  public void stop(int index) {
    Process process = members.get(index).process()[0];
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public List<URI> clientUrls() {
    return members.stream().map(Member::clientUrl).toList();
  }

  public Path caFile() {
    return dir.resolve("ca.pem");
  }

  public Path clientCertFile() {
    return dir.resolve("client.pem");
  }

  public Path clientKeyFile() {
    return dir.resolve("client-key.pem");
  }

  public CertificateAuthority ca() {
    return ca;
  }

  public EtcdClient newClient(Duration timeout) {
    return new EtcdClient(clientUrls(), Tls.context(caFile(), clientCertFile(), clientKeyFile()), timeout);
  }

  @Override
  public void close() {
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).process()[0] != null) {
        stop(i);
      }
    }
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  private void write(String name, String content) {
    try {
      Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
