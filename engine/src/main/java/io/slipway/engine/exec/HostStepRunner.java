package io.slipway.engine.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import io.slipway.engine.Poll;
import io.slipway.engine.Sha256;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HttpResult;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.TlsContexts;
import io.slipway.engine.plan.ContainerChange;
import io.slipway.engine.plan.Observed;
import io.slipway.engine.plan.Step;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(250);

  private final Map<String, Host> hosts;
  private final ClusterCertificates pki;
  private final Observed held;
  private final SSLContext checkTls;
  private final SSLContext adminTls;
  private final Queue<Change> changes = new ConcurrentLinkedQueue<>();
  private final Queue<String> warnings = new ConcurrentLinkedQueue<>();
  private final Set<String> deletesAsked = ConcurrentHashMap.newKeySet();

  /** {@code hosts} by hostname, as the plan's step ids name them; every file is written. */
  public HostStepRunner(Map<String, Host> hosts, ClusterCertificates pki) {
    this(hosts, pki, Observed.NOTHING);
  }

  /**
   * As above, but a file that {@code held} shows its host holding already, byte for byte and
   * with the planned mode, is left as it is: a re-run opens no session to rewrite it.
   */
  public HostStepRunner(Map<String, Host> hosts, ClusterCertificates pki, Observed held) {
    this.hosts = Map.copyOf(hosts);
    this.pki = pki;
    this.held = held;
    this.checkTls = TlsContexts.presentingWithoutVerifying(pki.require("kube-node"));
    // the admin's certificate goes only to an apiserver that proves it is the cluster's
    this.adminTls = TlsContexts.verifying(pki.require("kube-ca").certificate(), pki.require("kube-admin"));
  }

  @Override
  public void run(Step step) throws Exception {
    step.accept(new Visit());
  }

  /** Every change made so far: containers as the diff decided, etcd membership, Node objects deleted. */
  public List<Change> changes() {
    return List.copyOf(changes);
  }

  /** What went wrong without failing the run (a system addon not deployed), to be told the user. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** One step carried out on its host. */
  private final class Visit implements Step.Visitor<Void, Exception> {

    @Override
    public Void writeFile(Step.WriteFile step) {
      byte[] content = FileContents.of(step.source(), pki);
      String sha256 = Sha256.hex(content);
      if (held.file(step.id().host(), step.path()).filter(file -> file.holds(sha256, step.mode())).isEmpty()) {
        host(step).writeFile(step.path(), content, step.mode());
      }
      return null;
    }

    @Override
    public Void pullImage(Step.PullImage step) throws InterruptedException {
      pull(host(step).docker(), step.image());
      return null;
    }

    @Override
    public Void runContainer(Step.RunContainer step) {
      carryOut(step, step.change());
      return null;
    }

    @Override
    public Void removeContainer(Step.RemoveContainer step) {
      carryOut(step, step.change());
      return null;
    }

    @Override
    public Void removePodContainers(Step.RemovePodContainers step) {
      int removed = PodContainers.removeAll(host(step).docker());
      if (removed > 0) {
        LOG.info("host {}: removed {} pod containers", step.id().host(), removed);
        changes.add(new Change.PodContainersRemoved(step.id().host(), removed));
      }
      return null;
    }

    @Override
    public Void etcdMember(Step.EtcdMember step) throws InterruptedException {
      if (EtcdMembership.apply(host(step).docker(), step)) {
        changes.add(new Change.EtcdMemberChanged(step.id().host(), step.member(), step.add()));
      }
      return null;
    }

    @Override
    public Void deletePath(Step.DeletePath step) {
      var result = host(step).exec("rm -rf -- '" + step.path().replace("'", "'\\''") + "'", CHECK_TIMEOUT);
      if (result.exitCode() != 0) {
        throw new IllegalStateException("deleting " + step.path() + " failed: " + result.stderr().strip());
      }
      return null;
    }

    @Override
    public Void deleteNode(Step.DeleteNode step) {
      // a write waits out an etcd election (the node leaving may be etcd's leader)
      boolean askedBefore = !deletesAsked.add(step.node());
      HttpResult result = host(step).http("DELETE", URI.create("https://localhost:6443/api/v1/nodes/" + step.node()),
          adminTls, WRITE_TIMEOUT);
      // gone on a retry: the earlier attempt's DELETE went through but its answer was lost
      if (result.status() == 200 || result.status() == 404 && askedBefore) {
        changes.add(new Change.NodeDeleted(step.node()));
      } else if (result.status() != 404) {
        throw new IllegalStateException("deleting node " + step.node() + ": "
            + (result.status() < 0 ? result.body() : "HTTP " + result.status() + " " + result.body().strip()));
      }
      return null;
    }

    @Override
    public Void cordon(Step.Cordon step) {
      new NodeScheduling(host(step), adminTls, CHECK_TIMEOUT).cordon(step).ifPresent(changes::add);
      return null;
    }

    @Override
    public Void uncordon(Step.Uncordon step) {
      new NodeScheduling(host(step), adminTls, CHECK_TIMEOUT).uncordon(step).ifPresent(changes::add);
      return null;
    }

    @Override
    public Void labelNode(Step.LabelNode step) {
      new NodeLabels(host(step), adminTls, CHECK_TIMEOUT).reconcile(step).ifPresent(changes::add);
      return null;
    }

    @Override
    public Void deployAddon(Step.DeployAddon step) {
      try {
        new AddonJob(host(step), adminTls, WRITE_TIMEOUT).deploy(step).ifPresent(changes::add);
      } catch (RuntimeException e) {
        if (step.addon().critical()) {
          throw e;
        }
        // as RKE: a system addon that fails is warned about, and the cluster is up without it
        warnings.add("addon " + step.addon().name() + " not deployed (the cluster is up without it): "
            + e.getMessage());
      }
      return null;
    }

    @Override
    public Void removeAddon(Step.RemoveAddon step) {
      try {
        new AddonJob(host(step), adminTls, WRITE_TIMEOUT).remove(step).ifPresent(changes::add);
      } catch (RuntimeException e) {
        // as RKE: a removal that fails is warned about
        warnings.add("addon " + step.addon() + " not removed (" + step.reason() + "): " + e.getMessage());
      }
      return null;
    }

    @Override
    public Void healthCheck(Step.HealthCheck step) throws InterruptedException {
      HostStepRunner.this.healthCheck(host(step), step);
      return null;
    }

    @Override
    public Void gate(Step.Gate step) {
      return null;
    }
  }

  private void carryOut(Step step, ContainerChange change) {
    if (!change.isChange()) {
      return;
    }
    change.applyTo(new ContainerApply(host(step).docker()));
    LOG.info("host {}: {}", step.id().host(), change.describe());
    changes.add(new Change.ContainerChanged(step.id().host(), change));
  }

  /**
   * Polls the check's URL until it answers healthy, within RKE's budget (attempts x interval,
   * e.g. 10 x 5 s), but every quarter second rather than every interval: most components answer
   * within a second of starting, RKE's first five-second sleep would be most of a cold start, and
   * on a cold start the checks run one after another (each phase, each node's components), so
   * half a poll lost per check adds up (a GET over the open SSH connection costs next to nothing).
   */
  private void healthCheck(Host host, Step.HealthCheck check) throws InterruptedException {
    URI url = URI.create(check.url());
    boolean etcd = url.getPath().equals("/health");
    AtomicReference<HttpResult> last = new AtomicReference<>();
    boolean healthy = Poll.until(check.interval().multipliedBy(check.attempts()),
        check.interval().compareTo(POLL) < 0 ? check.interval() : POLL, () -> {
          HttpResult answer = host.httpGet(url, url.getScheme().equals("https") ? checkTls : null, CHECK_TIMEOUT);
          last.set(answer);
          return answer.status() == 200 && (!etcd || answer.body().contains("\"true\""));
        });
    if (healthy) {
      return;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while checking " + check.container());
    }
    HttpResult answer = last.get();
    throw new IllegalStateException(check.container() + " not healthy after " + check.attempts() + " x "
        + check.interval().toSeconds() + "s at " + check.url() + "; last answer: "
        // the status, never the body: a component's answer can carry more than its health
        + (answer.status() < 0 ? oneLine(answer.body()) : "HTTP " + answer.status())
        + "; last log line: " + oneLine(lastLogLine(host, check.container())));
  }

  /**
   * What of an error text or log line goes into an error, and so into events, the JSON log and
   * a rehearsal's history: its first line, control characters dropped, at most 120 characters.
   */
  public static String oneLine(String text) {
    String first = text == null ? "" : text.strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "");
    return first.length() <= 120 ? first : first.substring(0, 120) + "…";
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

  private Host host(Step step) {
    Host host = hosts.get(step.id().host());
    if (host == null) {
      throw new IllegalStateException("no connection to host " + step.id().host());
    }
    return host;
  }

  /** Collects the frames of a container log. */
  private static final class CommandLog extends ResultCallback.Adapter<
      Frame> {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void onNext(Frame frame) {
      text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
    }

    String text() {
      return text.toString();
    }
  }
}
