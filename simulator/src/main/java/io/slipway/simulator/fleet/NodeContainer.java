package io.slipway.simulator.fleet;

import static com.github.dockerjava.api.model.Capability.*;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.slipway.engine.config.Role;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The container of one fake node: sshd + dockerd from the node image, with the privileges
 * docker-in-docker needs on our hosts ({@code --privileged} fails there: docs/fleet.md).
 */
public final class NodeContainer extends GenericContainer<NodeContainer> {

  /** Every capability Docker 20.10 knows except SYS_RESOURCE, which our hosts do not grant. */
  private static final Capability[] CAPABILITIES = {
      AUDIT_CONTROL, AUDIT_READ, AUDIT_WRITE, BLOCK_SUSPEND, CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER,
      FSETID, IPC_LOCK, IPC_OWNER, KILL, LEASE, LINUX_IMMUTABLE, MAC_ADMIN, MAC_OVERRIDE, MKNOD, NET_ADMIN,
      NET_BIND_SERVICE, NET_BROADCAST, NET_RAW, SETFCAP, SETGID, SETPCAP, SETUID, SYS_ADMIN, SYS_BOOT,
      SYS_CHROOT, SYSLOG, SYS_MODULE, SYS_NICE, SYS_PACCT, SYS_PTRACE, SYS_RAWIO, SYS_TIME, SYS_TTY_CONFIG,
      WAKE_ALARM};

  private final int sshPort;
  private String networkName;
  private String address;
  private String alias;
  private int sshHostPort;

  /** A node from {@code image} whose sshd listens on {@code sshPort}. */
  public NodeContainer(String image, int sshPort) {
    super(DockerImageName.parse(image));
    this.sshPort = sshPort;
    withImagePullPolicy(name -> false);
    withExposedPorts(sshPort);
    withEnv("SLIPWAY_SSH_PORT", Integer.toString(sshPort));
    waitingFor(Wait.forLogMessage(".*slipway-node: ready.*\\n", 1).withStartupTimeout(Duration.ofSeconds(90)));
    withCreateContainerCmdModifier(cmd -> {
      withMachinePrivileges(cmd.getHostConfig());
      if (sshHostPort > 0) {
        // A fixed loopback binding survives node restarts; a random one would change.
        cmd.getHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", sshHostPort), ExposedPort.tcp(sshPort)));
      }
      if (networkName != null) {
        cmd.getHostConfig().withNetworkMode(networkName);
        cmd.withIpv4Address(address).withAliases(alias);
      }
    });
  }

  /** Gives a node's container the privileges docker-in-docker needs on our hosts. */
  static HostConfig withMachinePrivileges(HostConfig config) {
    return config
        .withCapAdd(CAPABILITIES)
        .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"))
        .withDeviceCgroupRules(List.of("a *:* rwm"))
        .withCgroupnsMode("private");  // inner containers nest under the node's own cgroup
  }

  /** The stand-in kubelet's {@code /etc/kubernetes/slipway/images}: pods' images run as {@code reference}. */
  static String imagesFile(String reference) {
    return "# which image pods run as on this fleet node (see the stand-in kubelet's ImageMap)\n"
        + "default=" + reference + "\n";
  }

  /** Records the node's roles as a label, so {@code fleet ls} and faults by role can find it. */
  public NodeContainer withRoles(Set<Role> roles) {
    return withLabel(FleetLabels.ROLES, roles.stream().sorted().map(Role::yamlName).collect(Collectors.joining(",")));
  }

  /**
   * Writes the claimed capacity for the stand-in kubelet to {@code /etc/slipway/capacity}, and to
   * {@code /etc/kubernetes/slipway/capacity}, which the kubelet container sees through the
   * {@code /etc/kubernetes} bind RKE gives it.
   */
  /**
   * Gives the node's {@code /var/lib/etcd} a file system of its own of {@code size} bytes, which
   * a disk_full fault fills: memory-backed (this kernel offers no other bounded file system to a
   * container), so a restart of the node (a reboot) empties it, as a lost disk.
   */
  public NodeContainer withEtcdDisk(long size) {
    return withTmpFs(Map.of("/var/lib/etcd", "rw,size=" + size + ",mode=0700"));
  }

  public NodeContainer withCapacity(Capacity capacity) {
    byte[] properties = capacity.asProperties().getBytes(StandardCharsets.UTF_8);
    return withCopyToContainer(Transferable.of(properties, 0644), "/etc/slipway/capacity")
        .withCopyToContainer(Transferable.of(properties, 0644), "/etc/kubernetes/slipway/capacity");
  }

  /**
   * Names the image pods' images run as (the stand-in kubelet's {@code /etc/kubernetes/slipway/images}):
   * the node reaches no public registry, so {@code nginx:1.19} runs as the fleet's workload image.
   */
  public NodeContainer withWorkloadImage(String reference) {
    byte[] properties = imagesFile(reference).getBytes(StandardCharsets.UTF_8);
    return withCopyToContainer(Transferable.of(properties, 0644), "/etc/kubernetes/slipway/images");
  }

  /** Installs the node's SSH host key, so clients can verify they reach this very node. */
  public NodeContainer withHostKey(SshKeyPair hostKey) {
    return withCopyToContainer(Transferable.of(hostKey.privateKeyPem().getBytes(StandardCharsets.US_ASCII), 0600),
        "/etc/ssh/ssh_host_ed25519_key")
        .withCopyToContainer(Transferable.of(hostKey.publicKeyLine().getBytes(StandardCharsets.US_ASCII), 0644),
            "/etc/ssh/ssh_host_ed25519_key.pub");
  }

  /** Lets the holder of {@code userKey} log in as root. */
  public NodeContainer withAuthorizedKey(String publicKeyLine) {
    return withCopyToContainer(Transferable.of((publicKeyLine + "\n").getBytes(StandardCharsets.US_ASCII), 0600),
        "/root/.ssh/authorized_keys");
  }

  /** Attaches the node to the fleet network at a fixed address under a DNS alias. */
  public NodeContainer onNetwork(String network, String ipv4Address, String networkAlias) {
    this.networkName = network;
    this.address = ipv4Address;
    this.alias = networkAlias;
    return this;
  }

  /** Whether the node outlives the JVM that starts it (see {@link Lifetime#DETACHED}). */
  public NodeContainer withLifetime(Lifetime lifetime) {
    return withReuse(lifetime == Lifetime.DETACHED);
  }

  /** Publishes sshd on {@code 127.0.0.1:hostPort} of the Docker host. */
  public NodeContainer withSshHostPort(int hostPort) {
    this.sshHostPort = hostPort;
    return this;
  }
}
