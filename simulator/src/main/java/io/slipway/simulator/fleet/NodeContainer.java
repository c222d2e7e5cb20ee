package io.slipway.simulator.fleet;

import static com.github.dockerjava.api.model.Capability.*;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.slipway.engine.config.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.Checksum;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.testcontainers.containers.ContainerLaunchException;
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
  private final NodeFiles files = new NodeFiles();
  private final LastLines output = new LastLines(25);
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
    withCopyToContainer(files, "/");
    withLogConsumer(output);
    waitingFor(Wait.forLogMessage(".*slipway-node: ready.*\\n", 1).withStartupTimeout(Duration.ofSeconds(90)));
    // A node's start is a machine's boot: on a machine busy with other fleets one can fail where a
    // second succeeds (Testcontainers logs the first failure at ERROR).
    withStartupAttempts(2);
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

  /**
   * A node that does not come up says why: the error carries its last lines of output (dockerd's
   * tail, when dockerd is what failed), kept as it printed them since Testcontainers removes a
   * container that failed to start.
   */
  @Override
  public void start() {
    try {
      super.start();
    } catch (RuntimeException e) {
      throw new ContainerLaunchException(e.getMessage() + "; the node's last output:\n" + output.text(), e);
    }
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
   * Gives the node's {@code /var/lib/etcd} a file system of its own of {@code size} bytes, which
   * a disk_full fault fills: memory-backed (this kernel offers no other bounded file system to a
   * container), so a restart of the node (a reboot) empties it, as a lost disk.
   */
  public NodeContainer withEtcdDisk(long size) {
    return withTmpFs(Map.of("/var/lib/etcd", "rw,size=" + size + ",mode=0700"));
  }

  /**
   * Writes the claimed capacity for the stand-in kubelet to {@code /etc/slipway/capacity}, and to
   * {@code /etc/kubernetes/slipway/capacity}, which the kubelet container sees through the
   * {@code /etc/kubernetes} bind RKE gives it.
   */
  public NodeContainer withCapacity(Capacity capacity) {
    byte[] properties = capacity.asProperties().getBytes(StandardCharsets.UTF_8);
    return withFile("/etc/slipway/capacity", properties, 0644)
        .withFile("/etc/kubernetes/slipway/capacity", properties, 0644);
  }

  /**
   * Names the image pods' images run as (the stand-in kubelet's {@code /etc/kubernetes/slipway/images}):
   * the node reaches no public registry, so {@code nginx:1.19} runs as the fleet's workload image.
   */
  public NodeContainer withWorkloadImage(String reference) {
    return withFile("/etc/kubernetes/slipway/images", imagesFile(reference).getBytes(StandardCharsets.UTF_8), 0644);
  }

  /** Installs the node's SSH host key, so clients can verify they reach this very node. */
  public NodeContainer withHostKey(SshKeyPair hostKey) {
    return withFile("/etc/ssh/ssh_host_ed25519_key", hostKey.privateKeyPem().getBytes(StandardCharsets.US_ASCII), 0600)
        .withFile("/etc/ssh/ssh_host_ed25519_key.pub", hostKey.publicKeyLine().getBytes(StandardCharsets.US_ASCII), 0644);
  }

  /** Lets the holder of {@code userKey} log in as root. */
  public NodeContainer withAuthorizedKey(String publicKeyLine) {
    return withFile("/root/.ssh/authorized_keys", (publicKeyLine + "\n").getBytes(StandardCharsets.US_ASCII), 0600);
  }

  private NodeContainer withFile(String path, byte[] content, int mode) {
    files.add(path, content, mode);
    return self();
  }

  /**
   * The node's files as one archive, copied in once the container is created and before it starts:
   * dockerd unpacks each archive it is sent in a process of its own, and one per file (six per
   * node) kept every node of a seven-node fleet waiting 4 to 6 s between its creation and its start
   * on two cores. Its checksum covers every path, mode and content, as Testcontainers' reuse of a
   * detached fleet's nodes needs.
   */
  private static final class NodeFiles implements Transferable {
    private final Map<String, NodeFile> files = new LinkedHashMap<>();

    void add(String path, byte[] content, int mode) {
      files.put(path.substring(1), new NodeFile(content, mode));
    }

    @Override
    public long getSize() {
      return files.values().stream().mapToLong(f -> f.content().length).sum();
    }

    /** Each file at its own path from the root ({@code destination} is "/", where the archive is unpacked). */
    @Override
    public void transferTo(TarArchiveOutputStream tar, String destination) {
      try {
        for (Map.Entry<String, NodeFile> file : files.entrySet()) {
          TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
          entry.setMode(file.getValue().mode());
          entry.setSize(file.getValue().content().length);
          tar.putArchiveEntry(entry);
          tar.write(file.getValue().content());
          tar.closeArchiveEntry();
        }
        tar.finish();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void updateChecksum(Checksum checksum) {
      files.forEach((path, file) -> {
        byte[] name = (path + "\0" + file.mode() + "\0").getBytes(StandardCharsets.UTF_8);
        checksum.update(name, 0, name.length);
        checksum.update(file.content(), 0, file.content().length);
      });
    }

    @Override
    public String getDescription() {
      return "the node's files: " + String.join(", ", files.keySet());
    }
  }

  /** A file the node starts with, owned by root. */
  private record NodeFile(byte[] content, int mode) {
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
