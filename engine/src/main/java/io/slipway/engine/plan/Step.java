package io.slipway.engine.plan;

import io.slipway.engine.config.NodeConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One thing to do on one host. The plan is a DAG of these; only the executor carries them out,
 * dispatching on the record type in one place.
 */
public sealed interface Step {

  StepId id();

  Phase phase();

  /** A short imperative description for listings, e.g. {@code run kube-apiserver}. */
  String describe();

  /**
   * What to do with each kind of step. Whoever interprets steps (the executor, the renderers)
   * implements this, so a new kind of step does not compile until every interpreter handles it.
   *
   * @param <R> what each visit returns
   * @param <X> what a visit may throw
   */
  interface Visitor<R, X extends Exception> {
    R writeFile(WriteFile step) throws X;

    R pullImage(PullImage step) throws X;

    R runContainer(RunContainer step) throws X;

    R removeContainer(RemoveContainer step) throws X;

    R removePodContainers(RemovePodContainers step) throws X;

    R etcdMember(EtcdMember step) throws X;

    R deletePath(DeletePath step) throws X;

    R deleteNode(DeleteNode step) throws X;

    R labelNode(LabelNode step) throws X;

    R cordon(Cordon step) throws X;

    R uncordon(Uncordon step) throws X;

    R healthCheck(HealthCheck step) throws X;

    R deployAddon(DeployAddon step) throws X;

    R removeAddon(RemoveAddon step) throws X;

    R gate(Gate step) throws X;
  }

  <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X;


  /** Writes a file on the host (certificates, kubeconfigs); mode is octal, e.g. 0600. */
  record WriteFile(StepId id, Phase phase, String path, int mode, FileSource source) implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.writeFile(this);
    }

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
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.pullImage(this);
    }

    @Override
    public String describe() {
      return "pull " + image;
    }
  }

  /**
   * Brings one container to its spec as the {@link Diff} decided: {@code change} is a create,
   * replace, start or keep of {@code spec}. The step stays in the plan when it keeps the
   * container, so what waits for it (a health check, the next phase) still waits.
   */
  record RunContainer(StepId id, Phase phase, ContainerSpec spec, ContainerChange change) implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.runContainer(this);
    }

    public RunContainer {
      if (change instanceof ContainerChange.Remove || !change.container().equals(spec.name())) {
        throw new IllegalArgumentException(change.describe() + " does not bring up " + spec.name());
      }
    }

    /** A container on a host that runs none yet. */
    public RunContainer(StepId id, Phase phase, ContainerSpec spec) {
      this(id, phase, spec, new ContainerChange.Create(spec));
    }

    @Override
    public String describe() {
      return change.action().word() + " " + spec.name() + " (" + spec.image() + ")"
          + (change.reasons().isEmpty() ? "" : ": " + String.join("; ", change.reasons()));
    }
  }

  /** Stops and removes a managed container the host runs that the desired cluster no longer has there. */
  record RemoveContainer(StepId id, Phase phase, ObservedContainer container) implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.removeContainer(this);
    }

    public ContainerChange.Remove change() {
      return new ContainerChange.Remove(container);
    }

    @Override
    public String describe() {
      return "remove " + container.name();
    }
  }

  /**
   * Changes etcd's membership through the etcd member running on this step's host: adds
   * {@code member} (by its peer URL) before it first starts, or removes it before its container
   * goes. Does nothing when the membership already is as wanted.
   */
  record EtcdMember(StepId id, Phase phase, boolean add, String member, String peerUrl) implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.etcdMember(this);
    }

    @Override
    public String describe() {
      return (add ? "etcd member add " : "etcd member remove ") + member + " (" + peerUrl + ")";
    }
  }

  /** Deletes a directory a departed component left (e.g. a removed etcd member's data, which could not rejoin). */
  record DeletePath(StepId id, Phase phase, String path) implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.deletePath(this);
    }

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
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.deleteNode(this);
    }

    @Override
    public String describe() {
      return "delete node " + node;
    }
  }

  /**
   * Gives a node's Node object the labels and taints it should carry (its role labels and role
   * taint, then cluster.yml's), and takes away those an earlier run gave it that it should no
   * longer carry; labels and taints set by anyone else are left alone. Runs through this step's
   * host's apiserver once the node's kubelet has registered it.
   */
  record LabelNode(StepId id, Phase phase, String node, Map<String, String> labels, List<NodeConfig.Taint> taints)
      implements Step {
    public LabelNode {
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
      taints = List.copyOf(taints);
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.labelNode(this);
    }

    @Override
    public String describe() {
      return "label node " + node;
    }
  }

  /**
   * In a rolling upgrade, before a node's components are replaced: marks its Node unschedulable
   * (unless someone cordoned it already: then it is left to them) and, with {@code drain}, evicts
   * its pods as RKE's {@code node_drain_input} says. Runs through the node's own connection to an
   * apiserver (its own, or nginx-proxy's on a worker), so the rolling limit counts it with the node.
   */
  record Cordon(StepId id, Phase phase, String node, DrainSettings drain) implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.cordon(this);
    }

    @Override
    public String describe() {
      return (drain == null ? "cordon node " : "cordon and drain node ") + node;
    }
  }

  /** Once the node's components are replaced and it is Ready: schedulable again, if the upgrade cordoned it. */
  record Uncordon(StepId id, Phase phase, String node) implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.uncordon(this);
    }

    @Override
    public String describe() {
      return "uncordon node " + node + " once Ready";
    }
  }

  /** Polls a health endpoint through the host's connection until it answers healthy. */
  record HealthCheck(StepId id, Phase phase, String container, String url, int attempts, Duration interval)
      implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.healthCheck(this);
    }

    @Override
    public String describe() {
      return "check " + container + " at " + url + " (" + attempts + " x " + interval.toSeconds() + "s)";
    }
  }

  /**
   * Deploys an addon as RKE does, through this step's host's apiserver: its manifest into the
   * ConfigMap named after it in kube-system, then, when the manifest changed or the last job did
   * not complete, a job on {@code node} that runs {@code kubectl apply} of it in {@code image} (the
   * kubernetes image), waited for up to {@code timeout} (cluster.yml's {@code addon_job_timeout}).
   */
  record DeployAddon(StepId id, Phase phase, Addon addon, String node, String image, Duration timeout)
      implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.deployAddon(this);
    }

    @Override
    public String describe() {
      return "deploy addon " + addon.name() + " (job " + addon.jobName() + " on " + node + ")";
    }
  }

  /**
   * Removes a system addon an earlier run deployed and cluster.yml no longer asks for, as RKE
   * does: when its deploy job is there, a job on {@code node} deletes every object its stored
   * manifest (the ConfigMap named after it) lists, waited for up to twice {@code timeout}, and
   * both jobs are deleted; when it is not, nothing is done. {@code reason} says why it goes, e.g.
   * {@code ingress.provider is none}.
   */
  record RemoveAddon(StepId id, Phase phase, String addon, String reason, String node, String image, Duration timeout)
      implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.removeAddon(this);
    }

    @Override
    public String describe() {
      return "remove addon " + addon + " if deployed (" + reason + ")";
    }

    /** The job that deployed it, whose presence says it was deployed. */
    public String deployJob() {
      return addon + "-deploy-job";
    }

    /** The job that deletes its objects. */
    public String deleteJob() {
      return addon + "-delete-job";
    }
  }

  /**
   * Removes the containers the kubelet ran for pods on a host that left the cluster, once its
   * kubelet is gone: nothing else would (RKE leaves them to a manual clean-up).
   */
  record RemovePodContainers(StepId id, Phase phase) implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.removePodContainers(this);
    }

    @Override
    public String describe() {
      return "remove the containers the kubelet ran for pods";
    }
  }

  /** Does nothing; it exists so that a whole phase can wait for another with few edges. */
  record Gate(StepId id, Phase phase) implements Step {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.gate(this);
    }

    @Override
    public String describe() {
      return "wait for " + id.name();
    }
  }
}
