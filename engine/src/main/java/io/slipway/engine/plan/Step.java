package io.slipway.engine.plan;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing to do on one host. The plan is a DAG of these; only the executor carries them out,
 * dispatching on the record type in one place.
 */
public sealed interface Step {

  StepId id();

  Phase phase();

  /** A short imperative description for listings, e.g. {@code run kube-apiserver}. */
  String describe();

  /** Writes a file on the host (certificates, kubeconfigs); mode is octal, e.g. 0600. */
  record WriteFile(StepId id, Phase phase, String path, int mode, FileSource source) implements Step {
    public WriteFile {
      Objects.requireNonNull(source, "source");
    }

    @Override
    public String describe() {
      return "write " + path + " (" + String.format("%04o", mode) + ", " + source.describe() + ")";
    }
  }

  /** Pulls an image into the host's Docker engine unless it is there already. */
  record PullImage(StepId id, Phase phase, String image) implements Step {
    @Override
    public String describe() {
      return "pull " + image;
    }
  }

  /** Creates and starts a container, replacing one of the same name whose spec differs. */
  record RunContainer(StepId id, Phase phase, ContainerSpec spec) implements Step {
    @Override
    public String describe() {
      return "run " + spec.name() + " (" + spec.image() + ")";
    }
  }

  /** Stops and removes a container the desired cluster no longer has on this host. */
  record RemoveContainer(StepId id, Phase phase, String container) implements Step {
    @Override
    public String describe() {
      return "remove " + container;
    }
  }

  /**
   * Changes etcd's membership through the etcd member running on this step's host: adds
   * {@code member} (by its peer URL) before it first starts, or removes it before its container
   * goes. Does nothing when the membership already is as wanted.
   */
  record EtcdMember(StepId id, Phase phase, boolean add, String member, String peerUrl) implements Step {
    @Override
    public String describe() {
      return (add ? "etcd member add " : "etcd member remove ") + member + " (" + peerUrl + ")";
    }
  }

  /** Deletes a directory a departed component left (e.g. a removed etcd member's data, which could not rejoin). */
  record DeletePath(StepId id, Phase phase, String path) implements Step {
    public DeletePath {
      if (!path.startsWith("/") || path.equals("/") || path.contains("..")) {
        throw new IllegalArgumentException("refusing to plan the deletion of " + path);
      }
    }

    @Override
    public String describe() {
      return "delete " + path;
    }
  }

  /** Deletes the Node object of a node that left the cluster, through this step's host's apiserver. */
  record DeleteNode(StepId id, Phase phase, String node) implements Step {
    @Override
    public String describe() {
      return "delete node " + node;
    }
  }

  /** Polls a health endpoint through the host's connection until it answers healthy. */
  record HealthCheck(StepId id, Phase phase, String container, String url, int attempts, Duration interval)
      implements Step {
    @Override
    public String describe() {
      return "check " + container + " at " + url + " (" + attempts + " x " + interval.toSeconds() + "s)";
    }
  }

  /** Does nothing; it exists so that a whole phase can wait for another with few edges. */
  record Gate(StepId id, Phase phase) implements Step {
    @Override
    public String describe() {
      return "wait for " + id.name();
    }
  }
}
