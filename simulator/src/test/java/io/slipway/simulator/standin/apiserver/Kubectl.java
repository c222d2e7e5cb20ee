package io.slipway.simulator.standin.apiserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl (Debian's kubernetes-client, which bin/test unpacks and names in
 * {@code SLIPWAY_KUBECTL}) against a kubeconfig. A missing kubectl fails the test: it is never skipped.
 */
final class Kubectl {

  record Result(int exitCode, String stdout, String stderr) {
  }

  private Kubectl() {
  }

  static Path binary() {
    String configured = System.getenv("SLIPWAY_KUBECTL");
    Path path = Path.of(configured != null && !configured.isBlank() ? configured
        : "/var/cache/slipway/kubernetes-client/usr/bin/kubectl");
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException("kubectl not found at " + path + "; run bin/test, which unpacks Debian's "
          + "kubernetes-client there, or set SLIPWAY_KUBECTL");
    }
    return path;
  }

  static Result run(Path kubeconfig, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary().toString(), "--kubeconfig", kubeconfig.toString(),
        "--request-timeout=20s"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not end within 60 s");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
