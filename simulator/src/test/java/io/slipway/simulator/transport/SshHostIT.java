package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import io.slipway.engine.config.Role;
import io.slipway.engine.host.HostAddress;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.host.SshException;
import io.slipway.engine.host.SshHost;
import io.slipway.engine.host.SshKey;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import io.slipway.simulator.fleet.SshKeyPair;
import io.slipway.simulator.image.SlipwayImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's SSH transport and the Docker API through it, against fleet nodes. */
class SshHostIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  static Path dir;

  static ContainerFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = ContainerFleet.start(new FleetSpec("ssh-" + Long.toHexString(System.nanoTime() & 0xffffff),
        List.of(NodeSpec.of("node-a", Role.WORKER), NodeSpec.of("node-b", Role.WORKER))), FleetOptions.scoped(dir));
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static HostAddress address(FleetNode node, Path key, String socket) {
    return new HostAddress(node.name(), node.ssh().host(), node.ssh().port(), "root", key, socket);
  }

  @Test
  void theDockerApiOfANodeAnswersThroughItsSshConnection() throws Exception {
    FleetNode node = fleet.node("node-a");
    try (SshHost host = SshHost.connect(address(node, fleet.privateKey(), "/var/run/docker.sock"), fleet.knownHosts(),
        HostKeyPolicy.VERIFY, TIMEOUT)) {
      assertThat(host.exec("hostname", TIMEOUT).stdout().strip()).isEqualTo("node-a");
      DockerClient docker = host.docker();
      assertThat(docker.versionCmd().exec().getVersion()).startsWith("20.10");
      assertThat(docker.infoCmd().exec().getName()).as("the node's own dockerd").isEqualTo("node-a");

      String image = fleet.imageReference(SlipwayImage.COMPONENTS);
      docker.pullImageCmd(image).exec(new PullImageResultCallback()).awaitCompletion(5, TimeUnit.MINUTES);
      String id = docker.createContainerCmd(image).withName("through-ssh").withCmd("sleep", "300").exec().getId();
      docker.startContainerCmd(id).exec();
      assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isTrue();
      assertThat(node.exec("docker", "inspect", "--format", "{{.State.Running}}", "through-ssh").stdout().strip())
          .as("seen from the node's console").isEqualTo("true");
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  @Test
  void aNodeIsReachedThroughABastionWithBothHostKeysVerified() {
    FleetNode bastion = fleet.node("node-a");
    FleetNode target = fleet.node("node-b");
    HostAddress internal = new HostAddress(target.name(), target.internalAddress(), 22, "root", fleet.privateKey(),
        "/var/run/docker.sock");
    try (SshHost host = SshHost.connect(internal, address(bastion, fleet.privateKey(), "/var/run/docker.sock"),
        fleet.knownHosts(), HostKeyPolicy.VERIFY, TIMEOUT)) {
      assertThat(host.exec("hostname", TIMEOUT).stdout().strip()).isEqualTo("node-b");
      assertThat(host.docker().infoCmd().exec().getName()).isEqualTo("node-b");
      assertThat(bastion.exec("sh", "-c", "ss -tn state established '( dport = :22 )' | grep -c "
          + target.internalAddress()).stdout().strip()).as("the session to node-b runs through node-a").isEqualTo("1");
    }
  }

  @Test
  void anUnknownHostBehindTheBastionIsRefusedNamingTheHost() throws Exception {
    Path onlyBastion = dir.resolve("known_hosts_bastion_only");
    Files.write(onlyBastion, Files.readAllLines(fleet.knownHosts()).stream()
        .filter(line -> !line.startsWith(fleet.node("node-b").internalAddress() + " ")).toList());
    FleetNode target = fleet.node("node-b");
    HostAddress internal = new HostAddress(target.name(), target.internalAddress(), 22, "root", fleet.privateKey(),
        "/var/run/docker.sock");
    SshException refused = catchThrowableOfType(SshException.class, () -> SshHost.connect(internal,
        address(fleet.node("node-a"), fleet.privateKey(), "/var/run/docker.sock"), onlyBastion, HostKeyPolicy.VERIFY,
        TIMEOUT));
    assertThat(refused.kind()).isEqualTo(SshException.Kind.HOST_KEY_UNKNOWN);
    assertThat(refused.getMessage()).contains(target.internalAddress()).contains("through bastion");
  }

  @Test
  void theKeyCanComeFromARealSshAgent() throws Exception {
    Path socket = dir.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
      FleetNode node = fleet.node("node-a");
      HostAddress viaAgent = address(node, null, "/var/run/docker.sock").withAgent(socket);

      SshException empty = catchThrowableOfType(SshException.class, () -> SshHost.connect(viaAgent,
          fleet.knownHosts(), HostKeyPolicy.VERIFY, TIMEOUT));
      assertThat(empty.kind()).isEqualTo(SshException.Kind.AGENT);
      assertThat(empty.getMessage()).contains("holds no keys");

      ProcessBuilder add = new ProcessBuilder("ssh-add", fleet.privateKey().toString()).redirectErrorStream(true);
      add.environment().put("SSH_AUTH_SOCK", socket.toString());
      Process adding = add.start();
      assertThat(adding.waitFor(10, TimeUnit.SECONDS) && adding.exitValue() == 0)
          .as("ssh-add: %s", new String(adding.getInputStream().readAllBytes())).isTrue();
      try (SshHost host = SshHost.connect(viaAgent, fleet.knownHosts(), HostKeyPolicy.VERIFY, TIMEOUT)) {
        assertThat(host.exec("hostname", TIMEOUT).stdout().strip()).isEqualTo("node-a");
      }
    } finally {
      agent.destroy();
    }
  }

  @Test
  void aKeyNoAuthorizedKeysListsLogsInWithAUserCertificateFromACaTheNodeTrusts() throws Exception {
    Path ca = keygen("user_ca", "ed25519");
    Path key = keygen("certified", "ed25519");
    FleetNode node = fleet.node("node-b");
    node.exec("sh", "-c", "printf '%s\\n' '" + Files.readString(Path.of(ca + ".pub")).strip()
        + "' > /etc/ssh/trusted-user-ca-keys.pub").orThrow(node.name(), "trusting the test's user CA");

    SshException bare = catchThrowableOfType(SshException.class, () -> SshHost.connect(
        address(node, key, "/var/run/docker.sock"), fleet.knownHosts(), HostKeyPolicy.VERIFY, TIMEOUT));
    assertThat(bare.kind()).as("the key alone is in no authorized_keys").isEqualTo(SshException.Kind.AUTHENTICATION);
    Path cert = sign(ca, key, "root");
    assertThat(hostnameWith(node, new SshKey.File(key))).as("KEY-cert.pub beside the key is offered, as by ssh -i")
        .isEqualTo("node-b");

    assertThat(hostnameWith(node, new SshKey.File(key).certifiedBy(SshKey.Certificate.file(cert)))).isEqualTo("node-b");
    assertThat(hostnameWith(node, new SshKey.Inline(Files.readString(key), "nodes[1].ssh_key")
        .certifiedBy(SshKey.Certificate.inline(Files.readString(cert), "nodes[1].ssh_cert"))))
        .as("key and certificate written inline").isEqualTo("node-b");

    Path rsa = keygen("certified_rsa", "rsa");
    assertThat(hostnameWith(node, new SshKey.File(rsa).certifiedBy(SshKey.Certificate.file(sign(ca, rsa, "root")))))
        .as("an RSA key in PEM, its certificate signed with SHA-2").isEqualTo("node-b");

    Path other = keygen("other_principal", "ed25519");
    Path otherCert = sign(ca, other, "someone-else");
    SshException wrongPrincipal = catchThrowableOfType(SshException.class, () -> SshHost.connect(new HostAddress(
        node.name(), node.ssh().host(), node.ssh().port(), "root", new SshKey.File(other)
        .certifiedBy(SshKey.Certificate.file(otherCert)), "/var/run/docker.sock", null), fleet.knownHosts(),
        HostKeyPolicy.VERIFY, TIMEOUT));
    assertThat(wrongPrincipal.kind()).isEqualTo(SshException.Kind.AUTHENTICATION);
    assertThat(wrongPrincipal.getMessage()).as("names key and certificate").contains(other.toString())
        .contains(otherCert.toString());
  }

  private static String hostnameWith(FleetNode node, SshKey key) {
    try (SshHost host = SshHost.connect(new HostAddress(node.name(), node.ssh().host(), node.ssh().port(), "root", key,
        "/var/run/docker.sock", null), fleet.knownHosts(), HostKeyPolicy.VERIFY, TIMEOUT)) {
      return host.exec("hostname", TIMEOUT).stdout().strip();
    }
  }

  /** A key pair from OpenSSH's own ssh-keygen (RSA in PEM, the form older tools write). */
  private static Path keygen(String name, String type) throws Exception {
    Path key = dir.resolve(name);
    run(type.equals("rsa") ? List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f",
        key.toString()) : List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-f", key.toString()));
    return key;
  }

  /** The user certificate of {@code key} for {@code principal}, signed by {@code ca}: KEY-cert.pub. */
  private static Path sign(Path ca, Path key, String principal) throws Exception {
    run(List.of("ssh-keygen", "-q", "-s", ca.toString(), "-I", "slipway-test", "-n", principal, "-V", "-5m:+1h",
        key + ".pub"));
    return Path.of(key + "-cert.pub");
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0).as("%s: %s", command, output).isTrue();
  }

  @Test
  void aWrongKeyIsAnAuthenticationErrorNamingUserAndKey() throws Exception {
    Path wrong = dir.resolve("wrong_key");
    Files.writeString(wrong, SshKeyPair.generate("wrong", new SecureRandom()).privateKeyPem());
    SshException e = catchThrowableOfType(SshException.class, () -> SshHost.connect(
        address(fleet.node("node-a"), wrong, "/var/run/docker.sock"), fleet.knownHosts(), HostKeyPolicy.VERIFY, TIMEOUT));
    assertThat(e.kind()).isEqualTo(SshException.Kind.AUTHENTICATION);
    assertThat(e.getMessage()).contains("(node-a)").contains("user \"root\"").contains(wrong.toString());
    assertThat(e.hint()).contains("authorized_keys");
  }

  @Test
  void anUnknownHostKeyIsRefusedUnlessTrustOnFirstUseIsAsked() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
    HostAddress a = address(fleet.node("node-a"), fleet.privateKey(), "/var/run/docker.sock");
    SshException e = catchThrowableOfType(SshException.class,
        () -> SshHost.connect(a, empty, HostKeyPolicy.VERIFY, TIMEOUT));
    assertThat(e.kind()).isEqualTo(SshException.Kind.HOST_KEY_UNKNOWN);

    try (SshHost host = SshHost.connect(a, empty, HostKeyPolicy.TRUST_ON_FIRST_USE, TIMEOUT)) {
      assertThat(host.exec("true", TIMEOUT).succeeded()).isTrue();
    }
    assertThat(Files.readString(empty)).as("the key was remembered").contains("ssh-ed25519");
    try (SshHost again = SshHost.connect(a, empty, HostKeyPolicy.VERIFY, TIMEOUT)) {
      assertThat(again.exec("true", TIMEOUT).succeeded()).as("verified against the remembered key").isTrue();
    }
  }

  @Test
  void aChangedHostKeyIsRefused() throws Exception {
    FleetNode a = fleet.node("node-a");
    FleetNode b = fleet.node("node-b");
    Path forged = Files.writeString(dir.resolve("forged_known_hosts"),
        "[" + a.ssh().host() + "]:" + a.ssh().port() + " " + b.hostKey() + "\n");
    SshException e = catchThrowableOfType(SshException.class, () -> SshHost.connect(
        address(a, fleet.privateKey(), "/var/run/docker.sock"), forged, HostKeyPolicy.TRUST_ON_FIRST_USE, TIMEOUT));
    assertThat(e.kind()).as("even trust-on-first-use refuses a changed key").isEqualTo(SshException.Kind.HOST_KEY_CHANGED);
  }

  @Test
  void anUnreachableHostAndAMissingDockerSocketAreNamed() {
    HostAddress nowhere = new HostAddress("ghost", "127.0.0.1", 1, "root", fleet.privateKey(), "/var/run/docker.sock");
    assertThat(catchThrowableOfType(SshException.class,
        () -> SshHost.connect(nowhere, fleet.knownHosts(), HostKeyPolicy.VERIFY, TIMEOUT)).kind())
        .isEqualTo(SshException.Kind.UNREACHABLE);

    try (SshHost host = SshHost.connect(address(fleet.node("node-b"), fleet.privateKey(), "/run/no-such-docker.sock"),
        fleet.knownHosts(), HostKeyPolicy.VERIFY, TIMEOUT)) {
      SshException e = catchThrowableOfType(SshException.class, host::docker);
      assertThat(e.kind()).isEqualTo(SshException.Kind.DOCKER_SOCKET);
      assertThat(e.getMessage()).contains("/run/no-such-docker.sock");
    }
  }
}
