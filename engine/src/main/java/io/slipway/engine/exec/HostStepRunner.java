package io.slipway.engine.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.slipway.engine.host.HealthCheckTls;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HttpResult;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.plan.FileSource;
import io.slipway.engine.plan.Step;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out plan steps on real hosts: files over SSH, images and containers through each
 * host's Docker API, health checks through the host's SSH connection. The one place that
 * dispatches on the kind of step.
 */
public final class HostStepRunner implements StepRunner {

  private static final Logger LOG = LoggerFactory.getLogger(HostStepRunner.class);
  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofSeconds(1);

  private final Map<String, Host> hosts;
  private final ClusterCertificates pki;
  private final SSLContext checkTls;
  private final SSLContext adminTls;
  private final java.util.Set<String> unreachableRemoved;
  private final java.util.Queue<String> changes = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** {@code hosts} by hostname, as the plan's step ids name them. */
  public HostStepRunner(Map<String, Host> hosts, ClusterCertificates pki) {
    this(hosts, pki, java.util.List.of());
  }

  /**
   * As above; the removed nodes in {@code unreachableRemoved} could not be reached, so their
   * removal steps succeed, leaving their containers in place and saying so.
   */
  public HostStepRunner(Map<String, Host> hosts, ClusterCertificates pki, java.util.Collection<String> unreachableRemoved) {
    this.hosts = Map.copyOf(hosts);
    this.pki = pki;
    this.checkTls = HealthCheckTls.presenting(pki.require("kube-node"));
    this.adminTls = HealthCheckTls.presenting(pki.require("kube-admin"));
    this.unreachableRemoved = java.util.Set.copyOf(unreachableRemoved);
  }

  @Override
  public void run(Step step) throws Exception {
    if (step instanceof Step.Gate) {
      return;
    }
    if (unreachableRemoved.contains(step.id().host())) {
      changes.add("host " + step.id().host() + ": unreachable, left as it was (" + step.describe() + ")");
      return;
    }
    Host host = host(step);
    if (step instanceof Step.WriteFile write) {
      host.writeFile(write.path(), content(write.source()), write.mode());
    } else if (step instanceof Step.PullImage pull) {
      pull(host.docker(), pull.image());
    } else if (step instanceof Step.RunContainer run) {
      ContainerApply.Action action = ContainerApply.apply(host.docker(), run.spec());
      LOG.info("host {}: {} {}", step.id().host(), run.spec().name(), action.name().toLowerCase());
      if (action != ContainerApply.Action.KEPT) {
        changes.add("host " + step.id().host() + ": " + run.spec().name() + " " + action.name().toLowerCase());
      }
    } else if (step instanceof Step.RemoveContainer remove) {
      ContainerApply.inspect(host.docker(), remove.container()).ifPresent(c -> {
        host.docker().removeContainerCmd(c.getId()).withForce(true).exec();
        changes.add("host " + step.id().host() + ": " + remove.container() + " removed");
      });
    } else if (step instanceof Step.HealthCheck check) {
      healthCheck(host, check);
    } else if (step instanceof Step.EtcdMember member) {
      EtcdMembership.apply(host.docker(), member).ifPresent(change -> changes.add("host " + step.id().host() + ": "
          + change));
    } else if (step instanceof Step.DeletePath delete) {
      var result = host.exec("rm -rf -- '" + delete.path().replace("'", "'\\''") + "'", CHECK_TIMEOUT);
      if (result.exitCode() != 0) {
        throw new IllegalStateException("deleting " + delete.path() + " failed: " + result.stderr().strip());
      }
    } else if (step instanceof Step.DeleteNode delete) {
      HttpResult result = host.http("DELETE", URI.create("https://localhost:6443/api/v1/nodes/" + delete.node()),
          adminTls, CHECK_TIMEOUT);
      if (result.status() == 200) {
        changes.add("node " + delete.node() + " deleted from the cluster");
      } else if (result.status() != 404) {
        throw new IllegalStateException("deleting node " + delete.node() + ": "
            + (result.status() < 0 ? result.body() : "HTTP " + result.status() + " " + result.body().strip()));
      }
    } else {
      throw new IllegalStateException("no runner for step kind " + step.getClass().getSimpleName());
    }
  }

  /** Every container created, replaced, started or removed so far, as {@code host H: NAME ACTION}. */
  public java.util.List<String> containerChanges() {
    return java.util.List.copyOf(changes);
  }

  /**
   * Polls the check's URL until it answers healthy, within RKE's budget (attempts x interval,
   * e.g. 10 x 5 s), but every second rather than every interval: most components answer within
   * a second of starting, and RKE's first five-second sleep would be most of a cold start.
   */
  private void healthCheck(Host host, Step.HealthCheck check) throws InterruptedException {
    URI url = URI.create(check.url());
    boolean etcd = url.getPath().equals("/health");
    long deadline = System.nanoTime() + check.interval().multipliedBy(check.attempts()).toNanos();
    long pause = Math.min(check.interval().toMillis(), POLL.toMillis());
    HttpResult last;
    while (true) {
      last = host.httpGet(url, url.getScheme().equals("https") ? checkTls : null, CHECK_TIMEOUT);
      if (last.status() == 200 && (!etcd || last.body().contains("\"true\""))) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        break;
      }
      Thread.sleep(pause);  // polling interval within the deadline above
    }
    throw new IllegalStateException(check.container() + " not healthy after " + check.attempts() + " x "
        + check.interval().toSeconds() + "s at " + check.url() + "; last answer: "
        + (last.status() < 0 ? last.body() : "HTTP " + last.status() + " " + last.body().strip())
        + "; last log line: " + lastLogLine(host, check.container()));
  }

  private static String lastLogLine(Host host, String container) {
    try {
      CommandLog log = new CommandLog();
      host.docker().logContainerCmd(container).withStdOut(true).withStdErr(true).withTail(1).exec(log)
          .awaitCompletion(5, TimeUnit.SECONDS);
      return log.text().strip();
    } catch (RuntimeException | InterruptedException e) {
      return "(unavailable)";
    }
  }

  private static void pull(DockerClient docker, String image) throws InterruptedException {
    try {
      docker.inspectImageCmd(image).exec();
      return;  // present already: RKE pulls only what is missing
    } catch (NotFoundException e) {
      // pull it
    }
    if (!docker.pullImageCmd(image).exec(new PullImageResultCallback())
        .awaitCompletion(PULL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
      throw new IllegalStateException("pulling " + image + " took over " + PULL_TIMEOUT.toMinutes() + " min");
    }
  }

  private byte[] content(FileSource source) {
    if (source instanceof FileSource.Text text) {
      return text.content().getBytes(StandardCharsets.UTF_8);
    }
    if (source instanceof FileSource.Pki entry) {
      var cert = pki.require(entry.name());
      return (entry.part() == FileSource.Part.KEY ? cert.privateKeyPem() : cert.certificatePem())
          .getBytes(StandardCharsets.US_ASCII);
    }
    throw new IllegalStateException("no content for " + source);
  }

  private Host host(Step step) {
    Host host = hosts.get(step.id().host());
    if (host == null) {
      throw new IllegalStateException("no connection to host " + step.id().host());
    }
    return host;
  }

  /** Collects the frames of a container log. */
  private static final class CommandLog extends com.github.dockerjava.api.async.ResultCallback.Adapter<
      com.github.dockerjava.api.model.Frame> {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void onNext(com.github.dockerjava.api.model.Frame frame) {
      text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
    }

    String text() {
      return text.toString();
    }
  }
}
