package io.slipway.engine.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

/**
 * A {@link Host} over SSH (sshj): key authentication, host keys checked against known_hosts, an
 * optional bastion (jump host), and the Docker Engine API through an {@link SshTunnel} on the
 * same connection.
 */
public final class SshHost implements Host {

  /** Opening a channel through the SSH connection; a call's own, shorter timeout still bounds it. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final HostAddress address;
  private final SSHClient ssh;
  private final SSHClient bastion;
  private SshTunnel dockerTunnel;
  private final Map<String, SshTunnel> portTunnels = new HashMap<>();
  private final Map<ClientKey, HttpClient> httpClients = new HashMap<>();
  private DockerClient docker;

  private SshHost(HostAddress address, SSHClient ssh, SSHClient bastion) {
    this.address = address;
    this.ssh = ssh;
    this.bastion = bastion;
  }

  /**
   * Connects and logs in.
   *
   * @throws SshException naming the host, user and key, with what to do about it
   */
  public static SshHost connect(HostAddress address, Path knownHosts, HostKeyPolicy policy, Duration timeout) {
    return connect(address, null, knownHosts, policy, timeout);
  }

  /**
   * Connects through {@code bastion} (when not null): logs in there first, then opens a
   * direct-tcpip channel to the host's SSH port and runs the host's SSH session inside it, both
   * ends verified against {@code knownHosts}, as {@code ssh -J} does.
   *
   * @throws SshException naming the host (or the bastion), user and key, with what to do about it
   */
  public static SshHost connect(HostAddress address, HostAddress bastion, Path knownHosts, HostKeyPolicy policy,
      Duration timeout) {
    KnownHosts verifier = verifier(address, knownHosts, policy);
    if (bastion == null) {
      SSHClient ssh = client(verifier, timeout);
      handshake(ssh, address, verifier, () -> ssh.connect(address.address(), address.port()));
      login(ssh, address);
      return new SshHost(address, ssh, null);
    }
    KnownHosts jumpVerifier = verifier(bastion, knownHosts, policy);
    SSHClient jump = client(jumpVerifier, timeout);
    handshake(jump, bastion, jumpVerifier, () -> jump.connect(bastion.address(), bastion.port()));
    login(jump, bastion);
    SSHClient ssh = client(verifier, timeout);
    try {
      handshake(ssh, address, verifier, () -> ssh.connectVia(jump.newDirectConnection(address.address(),
          address.port())));
      login(ssh, address);
    } catch (SshException e) {
      close(jump);
      throw new SshException(address, e.kind(), "through bastion " + bastion.address() + ": "
          + e.getMessage().substring(e.getMessage().indexOf(": ") + 2), e.getCause());
    }
    return new SshHost(address, ssh, jump);
  }

  private interface Connect {
    void run() throws IOException;
  }

  private static KnownHosts verifier(HostAddress address, Path knownHosts, HostKeyPolicy policy) {
    try {
      return new KnownHosts(knownHosts.toFile(), policy);
    } catch (IOException e) {
      throw new SshException(address, SshException.Kind.OTHER, "cannot read known_hosts " + knownHosts, e);
    }
  }

  private static SSHClient client(KnownHosts verifier, Duration timeout) {
    SSHClient ssh = new SSHClient(new SshConfig());
    ssh.addHostKeyVerifier(verifier);
    ssh.setConnectTimeout((int) timeout.toMillis());
    ssh.setTimeout((int) timeout.toMillis());
    return ssh;
  }

  private static void handshake(SSHClient ssh, HostAddress address, KnownHosts verifier, Connect connect) {
    try {
      connect.run();
    } catch (TransportException e) {
      close(ssh);
      SshException.Kind kind = verifier.refusal() != null ? verifier.refusal() : SshException.Kind.UNREACHABLE;
      throw new SshException(address, kind, kind == SshException.Kind.UNREACHABLE
          ? "SSH handshake failed: " + e.getMessage() : "host key not accepted (" + kind.name().toLowerCase() + ")", e);
    } catch (ConnectException | NoRouteToHostException | UnknownHostException | SocketTimeoutException e) {
      close(ssh);
      throw new SshException(address, SshException.Kind.UNREACHABLE, "cannot connect to port " + address.port() + ": "
          + e.getMessage(), e);
    } catch (IOException e) {
      close(ssh);
      throw new SshException(address, SshException.Kind.UNREACHABLE, "cannot connect: " + e.getMessage(), e);
    }
  }

  private static void login(SSHClient ssh, HostAddress address) {
    if (address.agentSocket() != null) {
      loginWithAgent(ssh, address, new SshAgent(address.agentSocket()));
      return;
    }
    try {
      ssh.authPublickey(address.user(), address.key().load(ssh));
    } catch (UserAuthException e) {
      close(ssh);
      throw new SshException(address, SshException.Kind.AUTHENTICATION, "SSH authentication failed for user \""
          + address.user() + "\" with " + address.key().describe(), e);
    } catch (IOException e) {
      close(ssh);
      throw new SshException(address, SshException.Kind.AUTHENTICATION, "cannot use " + address.key().describe()
          + ": " + e.getMessage(), e);
    }
  }

  private static void loginWithAgent(SSHClient ssh, HostAddress address, SshAgent agent) {
    List<SshAgent.Identity> identities;
    try {
      identities = agent.identities();
    } catch (IOException e) {
      close(ssh);
      throw new SshException(address, SshException.Kind.AGENT, "cannot use the SSH agent at " + agent.socket() + ": "
          + e.getMessage(), e);
    }
    if (identities.isEmpty()) {
      close(ssh);
      throw new SshException(address, SshException.Kind.AGENT, "the SSH agent at " + agent.socket() + " holds no keys",
          null);
    }
    try {
      ssh.auth(address.user(), identities.stream().map(id -> (net.schmizz.sshj.userauth.method.AuthMethod)
          new AgentAuth(agent, id)).toList());
    } catch (IOException e) {
      close(ssh);
      throw new SshException(address, SshException.Kind.AUTHENTICATION, "SSH authentication failed for user \""
          + address.user() + "\" with the " + identities.size() + " keys of the SSH agent at " + agent.socket(), e);
    }
  }

  @Override
  public HostAddress address() {
    return address;
  }

  @Override
  public CommandResult exec(String command, Duration timeout) {
    try (Session session = ssh.startSession()) {
      Session.Command running = session.exec(command);
      String out = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(running.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      running.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Integer exit = running.getExitStatus();
      return new CommandResult(exit == null ? -1 : exit, out, err);
    } catch (IOException e) {
      throw new SshException(address, SshException.Kind.OTHER, "running `" + command + "` failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Reach reach(String target, int port, Duration timeout) {
    CompletableFuture<DirectConnection> open = CompletableFuture.supplyAsync(() -> {
      try {
        return ssh.newDirectConnection(target, port);
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, REACH);
    try {
      open.get(timeout.toMillis(), TimeUnit.MILLISECONDS).close();
      return Reach.through("connected");
    } catch (TimeoutException e) {
      open.thenAccept(SshHost::closeQuietly);  // should it open after all
      return Reach.blocked("no answer within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      String why = String.valueOf(e.getCause().getMessage());
      // sshd tried it: a refusal means the packets arrived and nothing listens yet (before the first up)
      return why.contains("refused") ? Reach.through("nothing listens yet") : Reach.blocked(why.strip());
    } catch (IOException e) {
      return Reach.through("connected");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reach.blocked("interrupted");
    }
  }

  /** Threads that wait for a forwarded connection to open; one that never answers only holds its own. */
  private static final Executor REACH = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "slipway-port-check");
    thread.setDaemon(true);
    return thread;
  });

  private static void closeQuietly(DirectConnection connection) {
    try {
      connection.close();
    } catch (IOException e) {
      // it was only opened to see whether it could be
    }
  }

  @Override
  public void writeFile(String path, byte[] content, int mode) {
    String command = WriteCommand.of(path, mode, "cat", content);
    try (Session session = ssh.startSession()) {
      Session.Command running = session.exec(command);
      try (OutputStream in = running.getOutputStream()) {
        in.write(content);
      }
      String err = new String(running.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      running.join(60, TimeUnit.SECONDS);
      Integer exit = running.getExitStatus();
      if (exit == null || exit != 0) {
        throw new SshException(address, SshException.Kind.OTHER, "writing " + path + " failed (exit " + exit + "): "
            + err.strip(), null);
      }
    } catch (IOException e) {
      throw new SshException(address, SshException.Kind.OTHER, "writing " + path + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public HttpResult http(String method, URI url, SSLContext tls, Duration timeout, String contentType, String body) {
    int port = url.getPort() > 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
    String target = url.getHost() + ":" + port;
    SshTunnel tunnel;
    HttpClient client;
    synchronized (this) {
      tunnel = portTunnels.computeIfAbsent(target, k -> SshTunnel.toPort(ssh, url.getHost(), port, address.name()));
      client = httpClients.computeIfAbsent(new ClientKey(target, tls), SshHost::httpClient);
    }
    URI local = URI.create(url.getScheme() + "://127.0.0.1:" + tunnel.port() + url.getRawPath()
        + (url.getRawQuery() != null ? "?" + url.getRawQuery() : ""));
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(local).timeout(timeout)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new HttpResult(response.statusCode(), response.body());
    } catch (IOException e) {
      return new HttpResult(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new HttpResult(-1, "interrupted");
    }
  }

  /** One client per target and TLS identity, keeping its connections. */
  private record ClientKey(String target, SSLContext tls) {
  }

  /**
   * A client whose connections stay open between calls: a health check polled every 250 ms, a job's
   * status, a node's labels then its patch each paid a TLS handshake through the tunnel otherwise,
   * on both sides (the stand-in apiservers spent much of their CPU on them). A connection the
   * far end closed (an apiserver restarted) closes its end of the tunnel too and leaves the pool;
   * a call that races it fails as any refused call does, and its caller's retry opens a new one.
   * Each call's own timeout bounds it, the connect included.
   */
  private static HttpClient httpClient(ClientKey key) {
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .version(HttpClient.Version.HTTP_1_1);
    if (key.tls() != null) {
      client.sslContext(key.tls());
    }
    return client.build();
  }

  @Override
  public synchronized DockerClient docker() {
    if (docker == null) {
      dockerTunnel = SshTunnel.toSocket(ssh, address.dockerSocket(), address.name());
      URI uri = URI.create(dockerTunnel.socketUri());
      DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
          .withDockerHost(uri.toString()).withDockerTlsVerify(false).build();
      docker = DockerClientImpl.getInstance(new SharedMapperConfig(config), new ZerodepDockerHttpClient.Builder()
          .dockerHost(uri).connectionTimeout(Duration.ofSeconds(10)).responseTimeout(Duration.ofMinutes(10)).build());
      try {
        docker.pingCmd().exec();
      } catch (RuntimeException e) {
        throw new SshException(address, SshException.Kind.DOCKER_SOCKET, "the Docker socket " + address.dockerSocket()
            + " does not answer through SSH for user \"" + address.user() + "\"", e);
      }
    }
    return docker;
  }

  @Override
  public synchronized void close() {
    if (docker != null) {
      close(docker);
    }
    if (dockerTunnel != null) {
      dockerTunnel.close();
    }
    portTunnels.values().forEach(SshTunnel::close);
    close(ssh);
    if (bastion != null) {
      close(bastion);
    }
  }

  private static void close(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing a connection that failed
    }
  }
}
