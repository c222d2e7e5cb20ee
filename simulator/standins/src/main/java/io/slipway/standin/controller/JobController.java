package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.client.KubeClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Job's pods to completion: up to {@code parallelism} at a time until
 * {@code completions} of them have succeeded (then the Job is Complete), a failed pod replaced
 * until more than {@code backoffLimit} have failed, or the Job ran past
 * {@code activeDeadlineSeconds} (then it is Failed and its running pods are deleted). Finished
 * Jobs are left alone; their pods stay, for their logs, until the Job is deleted.
 */
final class JobController {

  private static final Logger LOG = LoggerFactory.getLogger(JobController.class);
  static final String JOBS = "/apis/batch/v1/jobs";

  private final Clock clock;

  JobController(Clock clock) {
    this.clock = clock;
  }

  /** One pass over the Jobs; the pods are listed only while a Job is unfinished. */
  void sync(KubeClient client) {
    List<ObjectNode> unfinished = client.list(JOBS, null).stream().filter(job -> !finished(job)).toList();
    if (unfinished.isEmpty()) {
      return;
    }
    List<ObjectNode> pods = client.list("/api/v1/pods", null);
    Owned.each("job", unfinished, job -> {
      String path = "/apis/batch/v1/namespaces/" + Owned.namespace(job) + "/jobs/" + Owned.name(job);
      List<ObjectNode> owned = Owned.controlledBy(job, pods);
      int succeeded = count(owned, "Succeeded");
      int failed = count(owned, "Failed");
      List<ObjectNode> active = owned.stream().filter(Owned::active).toList();
      JsonNode spec = job.path("spec");
      int completions = spec.path("completions").asInt(1);
      String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
      String started = job.path("status").path("startTime").asText(now);
      ObjectNode status = client.json().createObjectNode().put("startTime", started);
      String failure = null;
      if (failed > spec.path("backoffLimit").asInt(6)) {
        failure = "BackoffLimitExceeded:Job has reached the specified backoff limit";
      } else if (spec.has("activeDeadlineSeconds") && clock.instant().isAfter(Instant.parse(started)
          .plusSeconds(spec.path("activeDeadlineSeconds").asLong()))) {
        failure = "DeadlineExceeded:Job was active longer than specified deadline";
      }
      int running = active.size();
      if (succeeded >= completions) {
        condition(status, "Complete", "", "", now);
        status.put("completionTime", now);
        LOG.info("job {}/{}: complete ({} succeeded)", Owned.namespace(job), Owned.name(job), succeeded);
      } else if (failure != null) {
        active.forEach(pod -> client.delete("/api/v1/namespaces/" + Owned.namespace(pod) + "/pods/" + Owned.name(pod)));
        running = 0;
        String[] reason = failure.split(":", 2);
        condition(status, "Failed", reason[0], reason[1], now);
        LOG.info("job {}/{}: failed ({})", Owned.namespace(job), Owned.name(job), reason[1]);
      } else {
        int wanted = Math.min(spec.path("parallelism").asInt(1), completions - succeeded);
        for (int i = active.size(); i < wanted; i++) {
          client.create("/api/v1/namespaces/" + Owned.namespace(job) + "/pods",
              Owned.pod(client, spec.path("template"), Owned.name(job), job, "batch/v1", "Job"));
        }
        if (active.size() < wanted) {
          LOG.info("job {}/{}: created {} pods", Owned.namespace(job), Owned.name(job), wanted - active.size());
          running = wanted;
        }
      }
      if (running > 0) {
        status.put("active", running);
      } else {
        status.putNull("active");  // a merge patch removes it
      }
      if (succeeded > 0) {
        status.put("succeeded", succeeded);
      }
      if (failed > 0) {
        status.put("failed", failed);
      }
      Owned.status(client, path, job, status);
    });
  }

  private static boolean finished(JsonNode job) {
    for (JsonNode condition : job.path("status").path("conditions")) {
      if ((condition.path("type").asText().equals("Complete") || condition.path("type").asText().equals("Failed"))
          && condition.path("status").asText().equals("True")) {
        return true;
      }
    }
    return false;
  }

  private static int count(List<ObjectNode> pods, String phase) {
    return (int) pods.stream().filter(pod -> pod.path("status").path("phase").asText().equals(phase)).count();
  }

  private static void condition(ObjectNode status, String type, String reason, String message, String now) {
    ArrayNode conditions = status.putArray("conditions");
    ObjectNode condition = conditions.addObject().put("type", type).put("status", "True").put("lastProbeTime", now)
        .put("lastTransitionTime", now);
    if (!reason.isEmpty()) {
      condition.put("reason", reason).put("message", message);
    }
  }
}
