package io.slipway.engine.plan;

import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.state.ClusterState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Computes what {@code up} must do, as a {@link Plan}, from a defaulted config and the state the
 * last run left. Pure: no I/O, no clock, no randomness. The DAG follows RKE's order:
 * <ol>
 *   <li>prepare: every host gets its certificates and kubeconfigs and pulls its images;</li>
 *   <li>etcd: members start one at a time, then each is health-checked; snapshots beside each;</li>
 *   <li>control plane, once etcd is healthy: apiserver, controller-manager, scheduler per node;</li>
 *   <li>workers, once the control plane is healthy: nginx-proxy (nodes without an apiserver),
 *       kubelet and kube-proxy on every node;</li>
 *   <li>containers of roles a node no longer has (or of removed nodes) are removed last.</li>
 * </ol>
 */
public final class Planner {

  /** RKE's health-check budgets: components 10 x 5 s, etcd 18 x 5 s (re-elections take long). */
  static final int COMPONENT_ATTEMPTS = 10;
  static final int ETCD_ATTEMPTS = 18;
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

  static final StepId ETCD_READY = new StepId(StepId.CLUSTER, "etcd-ready");
  static final StepId CONTROLPLANE_READY = new StepId(StepId.CLUSTER, "controlplane-ready");
  static final StepId WORKERS_READY = new StepId(StepId.CLUSTER, "workers-ready");

  private final Topology topology;
  private final Components components;
  private final ClusterState state;
  private final Observed observed;
  private final List<Step> steps = new ArrayList<>();
  private final Set<Plan.Edge> edges = new LinkedHashSet<>();
  private final Map<String, List<StepId>> prepared = new HashMap<>();
  private final Map<String, Map<String, ContainerSpec>> desired = new HashMap<>();

  private Planner(ClusterConfig config, ClusterState state, String pkiFingerprint, Observed observed) {
    this.topology = Topology.of(config);
    this.components = new Components(topology, pkiFingerprint);
    this.state = state;
    this.observed = observed;
  }

  /**
   * The plan that takes the cluster from {@code state} to {@code config} (already defaulted and
   * valid), with the hosts assumed to run what {@code state} recorded.
   */
  public static Plan plan(ClusterConfig config, ClusterState state) {
    return plan(config, state, "");
  }

  /**
   * As {@link #plan(ClusterConfig, ClusterState)}, for the certificates with {@code pkiFingerprint}:
   * components carry it in their environment, so new certificates restart them (RKE does the
   * same with its checksum variables).
   */
  public static Plan plan(ClusterConfig config, ClusterState state, String pkiFingerprint) {
    return plan(config, state, pkiFingerprint, Observed.recordedIn(state));
  }

  /**
   * The plan for hosts as {@code observed}: each container step carries the {@link Diff}'s
   * decision for it (create, replace, start or keep), and every managed container a host runs
   * but should not is removed. What this plan says is exactly what {@code up} does.
   */
  public static Plan plan(ClusterConfig config, ClusterState state, String pkiFingerprint, Observed observed) {
    return new Planner(config, state, pkiFingerprint, observed).build();
  }

  private Plan build() {
    for (NodeConfig node : topology.all()) {
      prepare(node);
    }
    etcdPhase();
    controlPlanePhase();
    workerPhase();
    nodeLabels();
    removals();
    return new Plan(steps, edges);
  }

  private void prepare(NodeConfig node) {
    List<StepId> ids = new ArrayList<>();
    for (HostFiles.File file : HostFiles.of(node)) {
      ids.add(add(new Step.WriteFile(id(node, "write:" + file.path()), Phase.PREPARE, file.path(), file.mode(),
          file.source())));
    }
    for (String image : desiredContainers(node).values().stream().map(ContainerSpec::image).distinct().toList()) {
      ids.add(add(new Step.PullImage(id(node, "pull:" + image), Phase.PREPARE, image)));
    }
    prepared.put(node.hostname(), List.copyOf(ids));
  }

  private void etcdPhase() {
    // A new cluster: members start one after another and are checked once all run (a member is
    // healthy only once a quorum runs). An existing one: each member is checked before the next
    // is touched, so a rolling change never takes two members down at once.
    boolean rolling = state.hasEtcd();
    StepId previous = null;
    List<StepId> started = new ArrayList<>();
    Map<NodeConfig, StepId> checks = new LinkedHashMap<>();
    NodeConfig anchor = rolling ? etcdAnchor() : null;
    for (NodeConfig node : topology.etcd()) {
      List<StepId> after = prepared(node);
      if (rolling && !wasEtcd(node.hostname())) {
        // A new member of a running cluster is announced (member add) through a member that stays.
        StepId add = add(new Step.EtcdMember(id(anchor, "etcd/member-add:" + node.hostname()), Phase.ETCD, true,
            Topology.etcdName(node), peerUrl(node.internalAddress())), previous == null ? List.of() : List.of(previous));
        after = with(after, add);
      }
      StepId run = run(node, spec(node, Components.ETCD), Phase.ETCD, after);
      if (previous != null) {
        edge(previous, run);
      }
      started.add(run);
      if (rolling) {
        StepId check = add(etcdCheck(node), List.of(run));
        checks.put(node, check);
        previous = check;
      } else {
        previous = run;
      }
    }
    List<StepId> ready = new ArrayList<>();
    for (NodeConfig node : topology.etcd()) {
      StepId check = rolling ? checks.get(node) : add(etcdCheck(node), started);
      ready.add(check);
      if (topology.config().services().etcd().snapshot()) {
        ready.add(run(node, spec(node, Components.SNAPSHOTS), Phase.ETCD, List.of(check)));
      }
    }
    add(new Step.Gate(ETCD_READY, Phase.ETCD), ready);
  }

  private Step.HealthCheck etcdCheck(NodeConfig node) {
    return new Step.HealthCheck(id(node, Components.ETCD + "/health"), Phase.ETCD, Components.ETCD,
        Addresses.url("https", node.internalAddress(), 2379) + "/health", ETCD_ATTEMPTS, CHECK_INTERVAL);
  }

  private void controlPlanePhase() {
    List<StepId> ready = new ArrayList<>();
    boolean modernPorts = topology.minor() > 21;
    for (NodeConfig node : topology.controlplane()) {
      List<StepId> after = with(prepared(node), ETCD_READY);
      StepId api = checked(node, spec(node, Components.APISERVER), Phase.CONTROLPLANE, after, "https://localhost:6443/healthz");
      StepId cm = checked(node, spec(node, Components.CONTROLLER_MANAGER), Phase.CONTROLPLANE, List.of(api),
          modernPorts ? "https://localhost:10257/healthz" : "http://localhost:10252/healthz");
      ready.add(checked(node, spec(node, Components.SCHEDULER), Phase.CONTROLPLANE, List.of(cm),
          topology.minor() > 22 ? "https://localhost:10259/healthz" : "http://localhost:10251/healthz"));
    }
    add(new Step.Gate(CONTROLPLANE_READY, Phase.CONTROLPLANE), with(ready, ETCD_READY));
  }

  /**
   * Every node's worker components. In a rolling upgrade (the Kubernetes version changed) a node
   * that was in the cluster and has a worker component to replace is cordoned (and drained, with
   * {@code upgrade_strategy.drain}) first and uncordoned once Ready; the executor's worker limit
   * counts it from the cordon to the uncordon, so at most {@code max_unavailable_worker} nodes are
   * unschedulable at once.
   */
  private void workerPhase() {
    List<StepId> ready = new ArrayList<>();
    DrainSettings drain = Boolean.TRUE.equals(topology.config().upgradeStrategy().drain())
        ? DrainSettings.of(topology.config().upgradeStrategy().nodeDrainInput(), topology.minor()) : null;
    for (NodeConfig node : topology.all()) {
      List<StepId> after = with(prepared(node), CONTROLPLANE_READY);
      boolean rolls = rollsWorkerComponents(node);
      if (rolls) {
        after = List.of(add(new Step.Cordon(id(node, "cordon"), Phase.WORKER, node.hostname(), drain), after));
      }
      if (!node.has(Role.CONTROLPLANE)) {
        after = List.of(run(node, spec(node, Components.NGINX_PROXY), Phase.WORKER, after));
      }
      ContainerSpec sidekick = spec(node, Components.SIDEKICK);
      if (sidekick != null) {
        after = List.of(run(node, sidekick, Phase.WORKER, after));
      }
      StepId kubelet = checked(node, spec(node, Components.KUBELET), Phase.WORKER, after, "http://localhost:10248/healthz");
      StepId proxy = checked(node, spec(node, Components.KUBE_PROXY), Phase.WORKER, List.of(kubelet),
          "http://localhost:10256/healthz");
      // a node whose components an interrupted upgrade replaced already is uncordoned all the same (if it was ours)
      ready.add(rolls || upgrades(node) ? add(new Step.Uncordon(id(node, "uncordon"), Phase.WORKER, node.hostname()),
          List.of(proxy)) : proxy);
    }
    add(new Step.Gate(WORKERS_READY, Phase.WORKER), with(ready, CONTROLPLANE_READY));
  }

  /** Whether this run upgrades Kubernetes on a node that was in the cluster. */
  private boolean upgrades(NodeConfig node) {
    String running = state.kubernetesVersion();
    return running != null && !running.equals(topology.config().kubernetesVersion())
        && state.node(node.hostname()).isPresent();
  }

  /** Whether this run upgrades Kubernetes on a node that was in the cluster, replacing a worker component there. */
  private boolean rollsWorkerComponents(NodeConfig node) {
    if (!upgrades(node)) {
      return false;
    }
    return desiredContainers(node).values().stream()
        .filter(spec -> Set.of(Components.NGINX_PROXY, Components.KUBELET, Components.KUBE_PROXY).contains(spec.name()))
        .anyMatch(spec -> Diff.of(spec, observed.container(node.hostname(), spec.name()).orElse(null)).isChange());
  }

  /**
   * Every node's labels and taints, set through the first control-plane node's apiserver once
   * the workers are up (their kubelets have registered the Node objects by then).
   */
  private void nodeLabels() {
    if (topology.controlplane().isEmpty()) {
      return;
    }
    NodeConfig through = topology.controlplane().get(0);
    for (NodeConfig node : topology.all()) {
      Map<String, String> labels = new TreeMap<>(Components.roleLabelMap(node));
      labels.putAll(node.labels());
      List<NodeConfig.Taint> taints = new ArrayList<>();
      Components.roleTaint(node).ifPresent(taints::add);
      taints.addAll(node.taints());
      add(new Step.LabelNode(id(through, "label-node:" + node.hostname()), Phase.WORKER, node.hostname(), labels, taints),
          List.of(WORKERS_READY));
    }
  }

  /**
   * What nodes that left the cluster, or lost roles, leave behind: every managed container a
   * host runs that it should no longer run is removed; a departed etcd member is removed from
   * the membership (through a member that stays) before its container goes, and its data after;
   * a departed node's Node object is deleted once its kubelet is gone. Nothing is planned on a
   * host that could not be reached: it is left as it was.
   */
  private void removals() {
    // only a host the last run left, or one seen running managed containers, has anything to remove
    Map<String, ClusterState.NodeRecord> previousNodes = new HashMap<>();
    state.nodes().forEach(n -> previousNodes.put(n.hostname(), n));
    Set<String> hosts = new TreeSet<>(previousNodes.keySet());
    hosts.addAll(observed.containers().keySet());
    Map<String, NodeConfig> currentNodes = new HashMap<>();
    topology.all().forEach(n -> currentNodes.put(n.hostname(), n));
    for (String host : hosts) {
      NodeConfig current = currentNodes.get(host);
      ClusterState.NodeRecord previous = previousNodes.get(host);
      Set<String> keep = current == null ? Set.of() : desiredContainers(current).keySet();
      boolean leavesEtcd = previous != null && previous.roles().contains(Role.ETCD) && !keep.contains(Components.ETCD);
      StepId leave = null;
      if (leavesEtcd) {
        leave = add(new Step.EtcdMember(id(topology.etcd().get(0), "etcd/member-remove:" + host), Phase.ETCD, false,
            "etcd-" + host, peerUrl(previous.internalAddress())), List.of(WORKERS_READY));
      }
      StepId kubeletGone = null;
      StepId etcdGone = null;
      if (observed.reachable(host)) {
        for (ObservedContainer container : observed.on(host)) {
          if (keep.contains(container.name())) {
            continue;
          }
          boolean etcd = container.name().equals(Components.ETCD);
          StepId remove = add(new Step.RemoveContainer(new StepId(host, "remove:" + container.name()),
              phaseOf(container.name()), container), etcd && leave != null ? List.of(WORKERS_READY, leave)
              : List.of(WORKERS_READY));
          kubeletGone = container.name().equals(Components.KUBELET) ? remove : kubeletGone;
          etcdGone = etcd ? remove : etcdGone;
        }
        if (leavesEtcd) {
          add(new Step.DeletePath(new StepId(host, "delete:" + Paths.ETCD_DATA), Phase.ETCD,
              topology.hostPath(Paths.ETCD_DATA)), etcdGone != null ? List.of(etcdGone) : List.of(leave));
        }
      }
      if (current == null && !topology.controlplane().isEmpty()) {
        add(new Step.DeleteNode(id(topology.controlplane().get(0), "delete-node:" + host), Phase.WORKER, host),
            kubeletGone == null ? List.of(WORKERS_READY) : List.of(kubeletGone));
      }
    }
  }

  /** The etcd member that announces new members: the first desired etcd node that is a member already. */
  private NodeConfig etcdAnchor() {
    return topology.etcd().stream().filter(n -> wasEtcd(n.hostname())).findFirst().orElseThrow(() ->
        new PlanException("every etcd member of the running cluster would be replaced at once (" + state.nodes().stream()
            .filter(n -> n.roles().contains(Role.ETCD)).map(ClusterState.NodeRecord::hostname).toList()
            + " have etcd now); keep at least one of them in the etcd role while the new members join"));
  }

  private boolean wasEtcd(String hostname) {
    return state.node(hostname).map(n -> n.roles().contains(Role.ETCD)).orElse(false);
  }

  private static String peerUrl(String internalAddress) {
    return Addresses.url("https", internalAddress, 2380);
  }

  /** Every container the plan runs on {@code node} by name, in start order; built once per node. */
  private Map<String, ContainerSpec> desiredContainers(NodeConfig node) {
    return desired.computeIfAbsent(node.hostname(), host -> {
      Map<String, ContainerSpec> specs = new LinkedHashMap<>();
      Consumer<ContainerSpec> add = spec -> specs.put(spec.name(), spec);
      if (node.has(Role.ETCD)) {
        add.accept(components.etcd(node, state));
        if (topology.config().services().etcd().snapshot()) {
          add.accept(components.etcdSnapshots(node));
        }
      }
      if (node.has(Role.CONTROLPLANE)) {
        add.accept(components.apiserver(node));
        add.accept(components.controllerManager());
        add.accept(components.scheduler());
      } else {
        add.accept(components.nginxProxy());
      }
      if (components.criDockerd()) {
        add.accept(components.sidekick());
      }
      add.accept(components.kubelet(node));
      add.accept(components.kubeProxy(node));
      return specs;
    });
  }

  private ContainerSpec spec(NodeConfig node, String container) {
    return desiredContainers(node).get(container);
  }

  /** Names of the containers a node with {@code roles} runs (snapshots included: removal is harmless). */
  static List<String> containerNames(Set<Role> roles) {
    List<String> names = new ArrayList<>();
    if (roles.contains(Role.ETCD)) {
      names.add(Components.ETCD);
      names.add(Components.SNAPSHOTS);
    }
    if (roles.contains(Role.CONTROLPLANE)) {
      names.addAll(List.of(Components.APISERVER, Components.CONTROLLER_MANAGER, Components.SCHEDULER));
    } else {
      names.add(Components.NGINX_PROXY);
    }
    names.addAll(List.of(Components.SIDEKICK, Components.KUBELET, Components.KUBE_PROXY));
    return names;
  }

  private static Phase phaseOf(String container) {
    return switch (container) {
      case Components.ETCD, Components.SNAPSHOTS -> Phase.ETCD;
      case Components.APISERVER, Components.CONTROLLER_MANAGER, Components.SCHEDULER -> Phase.CONTROLPLANE;
      default -> Phase.WORKER;
    };
  }

  private StepId checked(NodeConfig node, ContainerSpec spec, Phase phase, List<StepId> after, String url) {
    StepId run = run(node, spec, phase, after);
    return add(new Step.HealthCheck(id(node, spec.name() + "/health"), phase, spec.name(), url, COMPONENT_ATTEMPTS,
        CHECK_INTERVAL), List.of(run));
  }

  private StepId run(NodeConfig node, ContainerSpec spec, Phase phase, List<StepId> after) {
    ContainerChange change = Diff.of(spec, observed.container(node.hostname(), spec.name()).orElse(null));
    return add(new Step.RunContainer(id(node, spec.name()), phase, spec, change), after);
  }

  /** The host's prepare steps: its files and images. */
  private List<StepId> prepared(NodeConfig node) {
    return prepared.get(node.hostname());
  }

  private StepId add(Step step) {
    steps.add(step);
    return step.id();
  }

  private StepId add(Step step, List<StepId> after) {
    after.forEach(from -> edge(from, step.id()));
    return add(step);
  }

  private void edge(StepId from, StepId to) {
    edges.add(new Plan.Edge(from, to));
  }

  private static List<StepId> with(List<StepId> list, StepId extra) {
    List<StepId> result = new ArrayList<>(list);
    result.add(extra);
    return result;
  }

  private static StepId id(NodeConfig node, String name) {
    return new StepId(node.hostname(), name);
  }
}
