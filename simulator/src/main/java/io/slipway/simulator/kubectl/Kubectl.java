package io.slipway.simulator.kubectl;

import io.slipway.engine.AtomicFiles;
import io.slipway.engine.kubeconfig.Kubeconfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl, run as a process against a kubeconfig: what scenarios and tests check the
 * cluster with, as an operator would. The binary is {@code $SLIPWAY_KUBECTL}, else the one
 * {@code bin/test} unpacks from Debian's kubernetes-client, else {@code kubectl} on the PATH.
 */
public final class Kubectl {

  private static final Path UNPACKED = Path.of("/var/cache/slipway/kubernetes-client/usr/bin/kubectl");

  /** What one invocation printed and its exit code; -1 when it timed out. */
  public record Result(int exit, String stdout, String stderr) {
    public boolean ok() {
      return exit == 0;
    }

    /** Both streams, as a terminal shows them. */
    public String output() {
      return stdout + stderr;
    }
  }

  private final Path kubeconfig;
  private final Duration timeout;

  public Kubectl(Path kubeconfig, Duration timeout) {
    this.kubeconfig = kubeconfig;
    this.timeout = timeout;
  }

  /** kubectl against {@code kubeconfig} with a 20 s request timeout. */
  public static Kubectl at(Path kubeconfig) {
    return new Kubectl(kubeconfig, Duration.ofSeconds(20));
  }

  /**
   * A copy of {@code kubeconfig} (0600) whose server is {@code https://HOST:6443}, e.g. a load
   * balancer in front of the apiservers; the certificates stay as they are.
   */
  public static Path withServer(Path kubeconfig, String host, Path copy) {
    return withServer(kubeconfig, InetSocketAddress.createUnresolved(host, 6443), copy);
  }

  /** A copy of {@code kubeconfig} whose server is {@code https://HOST:PORT} of {@code server}. */
  public static Path withServer(Path kubeconfig, InetSocketAddress server, Path copy) {
    AtomicFiles.writeSecret(copy, Kubeconfig.read(kubeconfig).withServer(URI.create("https://" + server.getHostString()
        + ":" + server.getPort())).yaml());
    return copy;
  }


  public static String binary() {
    String configured = System.getenv("SLIPWAY_KUBECTL");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return Files.isExecutable(UNPACKED) ? UNPACKED.toString() : "kubectl";
  }

  /** Runs {@code kubectl --kubeconfig K --request-timeout T ARGS…} and waits for it. */
  public Result run(String... args) {
    return runWithInput(null, args);
  }

  /** As {@link #run}, with {@code stdin} (none when null) as its standard input. */
  public Result runWithInput(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(binary(), "--kubeconfig", kubeconfig.toString(),
        "--request-timeout=" + timeout.toSeconds() + "s"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).start();
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String out = read(process.getInputStream());
      if (!process.waitFor(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(-1, out, err.join());
      }
      return new Result(process.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0) + " (set SLIPWAY_KUBECTL to a kubectl binary)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    }
  }

  private static String read(InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
