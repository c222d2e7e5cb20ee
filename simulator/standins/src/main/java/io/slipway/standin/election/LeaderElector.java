package io.slipway.standin.election;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.KubeTime;
import io.slipway.standin.client.KubeClient;
import io.slipway.standin.client.KubeClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a Lease in kube-system as client-go's leader election does: try every retry period;
 * take the lease when it is free or its holder has not renewed for a lease duration (measured
 * on this process's clock from when the record last changed, so clock skew does not matter);
 * renew while leading; give leadership up when renewals fail for the renew deadline.
 */
public final class LeaderElector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);

  /** Client-go's defaults, which the real components use: 15 s, 10 s, 2 s. */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static final Timing DEFAULT = new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  private final KubeClient client;
  private final String path;
  private final String name;
  private final String identity;
  private final Timing timing;
  private final Clock clock;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "leader-election");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean leader;
  private String observedRecord = "";
  private long observedAt = System.nanoTime();
  private long lastRenewal;

  public LeaderElector(KubeClient client, String name, String identity, Timing timing, Clock clock) {
    this.client = client;
    this.path = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/" + name;
    this.name = name;
    this.identity = identity;
    this.timing = timing;
    this.clock = clock;
  }

  public void start() {
    executor.scheduleWithFixedDelay(this::tryAcquireOrRenew, 0, timing.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isLeader() {
    return leader;
  }

  public String identity() {
    return identity;
  }

  private void tryAcquireOrRenew() {
    try {
      Optional<ObjectNode> current = client.get(path);
      String now = KubeTime.micro(Instant.now(clock));
      if (current.isEmpty()) {
        ObjectNode lease = client.json().createObjectNode().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        lease.putObject("metadata").put("name", name).put("namespace", "kube-system");
        lease.putObject("spec").put("holderIdentity", identity).put("leaseDurationSeconds", timing.leaseDuration().toSeconds())
            .put("acquireTime", now).put("renewTime", now).put("leaseTransitions", 0);
        renewed(client.create("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases", lease).isPresent());
        return;
      }
      ObjectNode lease = current.get();
      ObjectNode spec = lease.with("spec");
      String holder = spec.path("holderIdentity").asText("");
      String record = holder + "@" + spec.path("renewTime").asText("");
      if (!record.equals(observedRecord)) {
        observedRecord = record;
        observedAt = System.nanoTime();
      }
      boolean expired = System.nanoTime() - observedAt > timing.leaseDuration().toNanos();
      if (!holder.isEmpty() && !holder.equals(identity) && !expired) {
        setLeader(false);
        return;
      }
      if (!holder.equals(identity)) {
        spec.put("acquireTime", now).put("leaseTransitions", spec.path("leaseTransitions").asInt(0) + 1);
      }
      spec.put("holderIdentity", identity).put("renewTime", now)
          .put("leaseDurationSeconds", timing.leaseDuration().toSeconds());
      renewed(client.update(path, lease).isPresent());
    } catch (KubeClientException e) {
      LOG.debug("lease {}: {}", name, e.getMessage());
      renewed(false);
    } catch (RuntimeException e) {
      LOG.warn("lease {}: unexpected failure", name, e);
      renewed(false);
    }
  }

  private void renewed(boolean success) {
    if (success) {
      lastRenewal = System.nanoTime();
      setLeader(true);
    } else if (leader && System.nanoTime() - lastRenewal > timing.renewDeadline().toNanos()) {
      setLeader(false);
    }
  }

  private void setLeader(boolean now) {
    if (now != leader) {
      leader = now;
      LOG.info(now ? "{} became leader of {}" : "{} is no longer leader of {}", identity, name);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    leader = false;
  }
}
