package io.slipway.engine.plan;

import io.slipway.engine.config.AddonIncludes;
import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.state.ClusterState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Computes what {@code up} must do, as a {@link Plan}, from a defaulted config and the state the
 * last run left. Pure: no I/O, no clock, no randomness. The DAG follows RKE's order:
 * <ol>
 *   <li>prepare: every host gets its certificates and kubeconfigs and pulls its images;</li>
 *   <li>etcd: members start one at a time, then each is health-checked; snapshots beside each;</li>
 *   <li>control plane, once etcd is healthy: apiserver, controller-manager, scheduler per node;</li>
 *   <li>workers, once the control plane is healthy: nginx-proxy (nodes without an apiserver),
 *       kubelet and kube-proxy on every node;</li>
 *   <li>every node's labels and taints, then RKE's addons, one after another;</li>
 *   <li>containers of roles a node no longer has (or of removed nodes) are removed last.</li>
 * </ol>
 * Steps are named by their position in the {@link Plan.Builder}, so the planner builds its DAG in
 * time linear in the cluster's size, with no map keyed by step id.
 */
public final class Planner {

  /** RKE's health-check budgets: components 10 x 5 s, etcd 18 x 5 s (re-elections take long). */
  static final int COMPONENT_ATTEMPTS = 10;
  static final int ETCD_ATTEMPTS = 18;
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

  static final StepId ETCD_READY = new StepId(StepId.CLUSTER, "etcd-ready");
  static final StepId CONTROLPLANE_READY = new StepId(StepId.CLUSTER, "controlplane-ready");
  static final StepId WORKERS_READY = new StepId(StepId.CLUSTER, "workers-ready");

  /** The worker components a rolling upgrade cordons a node for. */
  private static final Set<String> WORKER_COMPONENTS = Set.of(Components.NGINX_PROXY, Components.KUBELET,
      Components.KUBE_PROXY);

  private final Topology topology;
  private final Components components;
  private final ClusterState state;
  private final Observed observed;
  /** The last run's nodes by hostname (a hostname recorded twice: its first record), found in constant time. */
  private final Map<String, ClusterState.NodeRecord> previousNodes = new HashMap<>();
  private final Plan.Builder plan = new Plan.Builder();
  /** The config's nodes, in its order, each worked out once by {@link #prepare}. */
  private final List<PlannedNode> nodes = new ArrayList<>();
  /** Step names that are the same on every host ({@code pull:IMAGE}, {@code kubelet/health}), each made once. */
  private final Map<String, String> pullNames = new HashMap<>();
  private final Map<String, String> healthNames = new HashMap<>();
  /** Positions of the phase gates, once added. */
  private int etcdReady;
  private int controlplaneReady;
  private int workersReady;

  private Planner(ClusterConfig config, ClusterState state, String pkiFingerprint, Observed observed) {
    this.topology = Topology.of(config);
    this.components = new Components(topology, pkiFingerprint);
    this.state = state;
    this.observed = observed;
    state.nodes().forEach(n -> previousNodes.putIfAbsent(n.hostname(), n));
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
      nodes.add(prepare(node));
    }
    etcdPhase();
    controlPlanePhase();
    workerPhase();
    addons(nodeLabels());
    removals();
    return plan.build();
  }

  /** Works out what {@code node} runs, and adds the steps that prepare it: its files, then its images. */
  private PlannedNode prepare(NodeConfig node) {
    Set<Role> roles = node.roles();
    List<ContainerSpec> containers = containers(node, roles);
    List<HostFiles.File> files = HostFiles.of(node, roles);
    List<String> images = new ArrayList<>();
    for (ContainerSpec spec : containers) {
      if (!images.contains(spec.image())) {
        images.add(spec.image());
      }
    }
    int[] prepared = new int[files.size() + images.size()];
    int i = 0;
    for (HostFiles.File file : files) {
      prepared[i++] = plan.add(new Step.WriteFile(id(node, file.stepName()), Phase.PREPARE, file.path(),
          file.mode(), file.source()));
    }
    for (String image : images) {
      prepared[i++] = plan.add(new Step.PullImage(id(node, pullNames.computeIfAbsent(image, x -> "pull:" + x)),
          Phase.PREPARE, image));
    }
    return new PlannedNode(node, roles, containers, prepared);
  }

  private void etcdPhase() {
    // A new cluster: members start one after another and are checked once all run (a member is
    // healthy only once a quorum runs). An existing one: each member is checked before the next
    // is touched, so a rolling change never takes two members down at once; where no member
    // changes, every member is checked at once.
    boolean rolling = state.hasEtcd();
    List<PlannedNode> members = nodes.stream().filter(n -> n.has(Role.ETCD)).toList();
    boolean membersChange = !rolling || members.stream().anyMatch(this::etcdChanges);
    int[] started = new int[members.size()];
    int[] checks = new int[members.size()];
    int previous = -1;
    NodeConfig anchor = rolling ? etcdAnchor() : null;
    for (int m = 0; m < members.size(); m++) {
      PlannedNode member = members.get(m);
      NodeConfig node = member.node();
      int[] after = member.prepared();
      int[] before = previous < 0 ? new int[0] : new int[] {previous};
      if (rolling && lostData(node)) {
        // etcd will not start a member under the identity it had once its data is gone ("member
        // ... has already been bootstrapped"): it leaves, then joins again as a new member, as
        // RKE's answer (out of cluster.yml, up, back in, up) does in two runs.
        before = new int[] {add(new Step.EtcdMember(id(anchor, "etcd/member-remove:" + node.hostname()), Phase.ETCD,
            false, Topology.etcdName(node), peerUrl(node.internalAddress())), before)};
      }
      if (rolling && (!wasEtcd(node.hostname()) || lostData(node))) {
        // A new member of a running cluster is announced (member add) through a member that stays.
        int add = add(new Step.EtcdMember(id(anchor, "etcd/member-add:" + node.hostname()), Phase.ETCD, true,
            Topology.etcdName(node), peerUrl(node.internalAddress())), before);
        after = with(after, add);
      }
      int run = lostData(node) ? rejoin(node, member.container(Components.ETCD), after)
          : run(node, member.container(Components.ETCD), Phase.ETCD, after);
      if (previous >= 0 && membersChange) {
        plan.edge(previous, run);
      }
      started[m] = run;
      if (rolling) {
        checks[m] = add(etcdCheck(node), run);
        previous = checks[m];
      } else {
        previous = run;
      }
    }
    IntStream.Builder ready = IntStream.builder();
    for (int m = 0; m < members.size(); m++) {
      NodeConfig node = members.get(m).node();
      int check = rolling ? checks[m] : add(etcdCheck(node), started);
      ready.add(check);
      if (topology.config().services().etcd().snapshot()) {
        ready.add(run(node, members.get(m).container(Components.SNAPSHOTS), Phase.ETCD, new int[] {check}));
      }
    }
    etcdReady = add(new Step.Gate(ETCD_READY, Phase.ETCD), ready.build().toArray());
  }

  /** Whether this run changes {@code member}'s etcd: its container, or its membership (new, or rejoining without its data). */
  private boolean etcdChanges(PlannedNode member) {
    NodeConfig node = member.node();
    return !wasEtcd(node.hostname()) || lostData(node) || Diff.of(member.container(Components.ETCD),
        observed.container(node.hostname(), Components.ETCD).orElse(null)).isChange();
  }

  /** Whether {@code node} was an etcd member of the running cluster and has been seen without its data. */
  private boolean lostData(NodeConfig node) {
    return state.hasEtcd() && wasEtcd(node.hostname()) && observed.lostEtcdData(node.hostname());
  }

  /** Starts a member that lost its data afresh: a container of the old member is replaced even if its spec is the same. */
  private int rejoin(NodeConfig node, ContainerSpec spec, int[] after) {
    ContainerChange change = observed.container(node.hostname(), spec.name())
        .<ContainerChange>map(found -> new ContainerChange.Replace(spec, found,
            List.of("its data directory is gone: it joins again as a new member")))
        .orElseGet(() -> new ContainerChange.Create(spec));
    return add(new Step.RunContainer(id(node, spec.name()), Phase.ETCD, spec, change), after);
  }

  /** Where etcd's data lies on each etcd node (RKE's /var/lib/etcd, under prefix_path). */
  public static String etcdDataPath(ClusterConfig config) {
    return Topology.of(config).hostPath(Paths.ETCD_DATA);
  }

  private Step.HealthCheck etcdCheck(NodeConfig node) {
    return new Step.HealthCheck(id(node, Components.ETCD + "/health"), Phase.ETCD, Components.ETCD,
        Addresses.url("https", node.internalAddress(), 2379) + "/health", ETCD_ATTEMPTS, CHECK_INTERVAL);
  }

  private void controlPlanePhase() {
    IntStream.Builder ready = IntStream.builder().add(etcdReady);
    boolean modernPorts = topology.minor() > 21;
    for (PlannedNode planned : nodes) {
      if (!planned.has(Role.CONTROLPLANE)) {
        continue;
      }
      NodeConfig node = planned.node();
      int[] after = with(planned.prepared(), etcdReady);
      int api = checked(node, planned.container(Components.APISERVER), Phase.CONTROLPLANE, after,
          "https://localhost:6443/healthz");
      int cm = checked(node, planned.container(Components.CONTROLLER_MANAGER), Phase.CONTROLPLANE, new int[] {api},
          modernPorts ? "https://localhost:10257/healthz" : "http://localhost:10252/healthz");
      ready.add(checked(node, planned.container(Components.SCHEDULER), Phase.CONTROLPLANE, new int[] {cm},
          topology.minor() > 22 ? "https://localhost:10259/healthz" : "http://localhost:10251/healthz"));
    }
    controlplaneReady = add(new Step.Gate(CONTROLPLANE_READY, Phase.CONTROLPLANE), ready.build().toArray());
  }

  /**
   * Every node's worker components. In a rolling upgrade (the Kubernetes version changed) a node
   * that was in the cluster and has a worker component to replace is cordoned (and drained, with
   * {@code upgrade_strategy.drain}) first and uncordoned once Ready; the executor's worker limit
   * counts it from the cordon to the uncordon, so at most {@code max_unavailable_worker} nodes are
   * unschedulable at once.
   */
  private void workerPhase() {
    IntStream.Builder ready = IntStream.builder().add(controlplaneReady);
    DrainSettings drain = Boolean.TRUE.equals(topology.config().upgradeStrategy().drain())
        ? DrainSettings.of(topology.config().upgradeStrategy().nodeDrainInput(), topology.minor()) : null;
    for (PlannedNode planned : nodes) {
      NodeConfig node = planned.node();
      int[] after = with(planned.prepared(), controlplaneReady);
      boolean rolls = rollsWorkerComponents(planned);
      if (rolls) {
        after = new int[] {add(new Step.Cordon(id(node, "cordon"), Phase.WORKER, node.hostname(), drain), after)};
      }
      if (!planned.has(Role.CONTROLPLANE)) {
        after = new int[] {run(node, planned.container(Components.NGINX_PROXY), Phase.WORKER, after)};
      }
      ContainerSpec sidekick = planned.container(Components.SIDEKICK);
      if (sidekick != null) {
        after = new int[] {run(node, sidekick, Phase.WORKER, after)};
      }
      int kubelet = checked(node, planned.container(Components.KUBELET), Phase.WORKER, after,
          "http://localhost:10248/healthz");
      int proxy = checked(node, planned.container(Components.KUBE_PROXY), Phase.WORKER, new int[] {kubelet},
          "http://localhost:10256/healthz");
      // a node whose components an interrupted upgrade replaced already is uncordoned all the same (if it was ours)
      ready.add(rolls || upgrades(node) ? add(new Step.Uncordon(id(node, "uncordon"), Phase.WORKER, node.hostname()),
          proxy) : proxy);
    }
    workersReady = add(new Step.Gate(WORKERS_READY, Phase.WORKER), ready.build().toArray());
  }

  /** Whether this run upgrades Kubernetes on a node that was in the cluster. */
  private boolean upgrades(NodeConfig node) {
    String running = state.kubernetesVersion();
    return running != null && !running.equals(topology.config().kubernetesVersion())
        && previousNodes.containsKey(node.hostname());
  }

  /** Whether this run upgrades Kubernetes on a node that was in the cluster, replacing a worker component there. */
  private boolean rollsWorkerComponents(PlannedNode planned) {
    if (!upgrades(planned.node())) {
      return false;
    }
    return planned.containers().stream()
        .filter(spec -> WORKER_COMPONENTS.contains(spec.name()))
        .anyMatch(spec -> Diff.of(spec, observed.container(planned.hostname(), spec.name()).orElse(null)).isChange());
  }

  /**
   * Every node's labels and taints, set through the first control-plane node's apiserver once
   * the workers are up (their kubelets have registered the Node objects by then); the positions
   * of the steps that set them (the workers' gate when there is no control plane).
   */
  private int[] nodeLabels() {
    if (topology.controlplane().isEmpty()) {
      return new int[] {workersReady};
    }
    NodeConfig through = topology.controlplane().get(0);
    IntStream.Builder labelled = IntStream.builder();
    for (PlannedNode planned : nodes) {
      NodeConfig node = planned.node();
      Map<String, String> labels = Components.roleLabelMap(planned.roles());
      labels.putAll(node.labels());
      List<NodeConfig.Taint> taints = new ArrayList<>();
      Components.roleTaint(planned.roles()).ifPresent(taints::add);
      taints.addAll(node.taints());
      labelled.add(add(new Step.LabelNode(id(through, "label-node:" + node.hostname()), Phase.WORKER,
          node.hostname(), labels, taints), workersReady));
    }
    return labelled.build().toArray();
  }

  /**
   * RKE's addons, one after another once every node carries its labels, in RKE's order: the
   * system addons (network plugin, DNS, metrics server, ingress), then cluster.yml's {@code addons}, then
   * its {@code addons_include}, each through the first control-plane node's apiserver and run
   * there as a job. Removals of system addons cluster.yml no longer asks for are planned only
   * where an apiserver ran before.
   */
  private void addons(int[] after) {
    ClusterConfig config = topology.config();
    List<SystemAddons.Action> actions = new ArrayList<>(SystemAddons.actions(config, topology.minor()));
    if (config.addons() != null && !config.addons().isBlank()) {
      actions.add(new SystemAddons.Deploy(new Addon(Addon.USER, new Addon.Inline(config.addons()))));
    }
    List<String> includes = AddonIncludes.files(config);
    if (!includes.isEmpty()) {
      actions.add(new SystemAddons.Deploy(new Addon(Addon.USER_INCLUDES, new Addon.Files(includes))));
    }
    if (topology.controlplane().isEmpty()) {
      return;
    }
    NodeConfig through = topology.controlplane().get(0);
    Duration timeout = Duration.ofSeconds(config.addonJobTimeout());
    String image = config.systemImage("kubernetes");
    boolean deployedBefore = apiserverFound();
    for (SystemAddons.Action action : actions) {
      if (action instanceof SystemAddons.Remove && !deployedBefore) {
        continue;
      }
      StepId id = id(through, "addon:" + action.name());
      Step step = action instanceof SystemAddons.Deploy deploy
          ? new Step.DeployAddon(id, Phase.ADDONS, deploy.addon(), through.hostname(), image, timeout)
          : new Step.RemoveAddon(id, Phase.ADDONS, action.name(), ((SystemAddons.Remove) action).reason(),
              through.hostname(), image, timeout);
      after = new int[] {add(step, after)};
    }
  }

  /**
   * Whether an apiserver ran on any host before this run, which is how an addon could have been
   * deployed: on a new cluster there is nothing for RKE's delete jobs to remove.
   */
  private boolean apiserverFound() {
    return observed.containers().values().stream().flatMap(List::stream)
        .anyMatch(c -> c.name().equals(Components.APISERVER));
  }

  /**
   * What nodes that left the cluster, or lost roles, leave behind: every managed container a
   * host runs that it should no longer run is removed (on a host that left, then the containers
   * its kubelet ran for pods); a departed etcd member is removed from
   * the membership (through a member that stays) before its container goes, and its data after;
   * a departed node's Node object is deleted once its kubelet is gone. Nothing is planned on a
   * host that could not be reached: it is left as it was.
   */
  private void removals() {
    // only a host the last run left, or one seen running managed containers, has anything to remove
    Map<String, ClusterState.NodeRecord> records = new HashMap<>();
    state.nodes().forEach(n -> records.put(n.hostname(), n));
    Set<String> hosts = new TreeSet<>(records.keySet());
    hosts.addAll(observed.containers().keySet());
    if (hosts.isEmpty()) {
      return;
    }
    Map<String, PlannedNode> currentNodes = new HashMap<>();
    nodes.forEach(n -> currentNodes.put(n.hostname(), n));
    for (String host : hosts) {
      PlannedNode current = currentNodes.get(host);
      ClusterState.NodeRecord previous = records.get(host);
      Set<String> keep = new HashSet<>();
      if (current != null) {
        current.containers().forEach(spec -> keep.add(spec.name()));
      }
      boolean leavesEtcd = previous != null && previous.roles().contains(Role.ETCD) && !keep.contains(Components.ETCD);
      int leave = -1;
      if (leavesEtcd) {
        leave = add(new Step.EtcdMember(id(topology.etcd().get(0), "etcd/member-remove:" + host), Phase.ETCD, false,
            "etcd-" + host, peerUrl(previous.internalAddress())), workersReady);
      }
      int kubeletGone = -1;
      int etcdGone = -1;
      if (observed.reachable(host)) {
        for (ObservedContainer container : observed.on(host)) {
          if (keep.contains(container.name())) {
            continue;
          }
          boolean etcd = container.name().equals(Components.ETCD);
          int remove = add(new Step.RemoveContainer(new StepId(host, "remove:" + container.name()),
              phaseOf(container.name()), container), etcd && leave >= 0 ? new int[] {workersReady, leave}
              : new int[] {workersReady});
          kubeletGone = container.name().equals(Components.KUBELET) ? remove : kubeletGone;
          etcdGone = etcd ? remove : etcdGone;
        }
        if (leavesEtcd) {
          add(new Step.DeletePath(new StepId(host, "delete:" + Paths.ETCD_DATA), Phase.ETCD,
              topology.hostPath(Paths.ETCD_DATA)), etcdGone >= 0 ? etcdGone : leave);
        }
      }
      if (current == null && kubeletGone >= 0) {
        add(new Step.RemovePodContainers(new StepId(host, "remove:pod-containers"), Phase.WORKER), kubeletGone);
      }
      if (current == null && !topology.controlplane().isEmpty()) {
        add(new Step.DeleteNode(id(topology.controlplane().get(0), "delete-node:" + host), Phase.WORKER, host),
            kubeletGone < 0 ? workersReady : kubeletGone);
      }
    }
  }

  /** The etcd member that announces new members: the first desired etcd node that is a member already, with its data. */
  private NodeConfig etcdAnchor() {
    if (!observed.etcdDataLost().isEmpty() && topology.etcd().stream().filter(n -> wasEtcd(n.hostname()))
        .allMatch(this::lostData)) {
      throw new PlanException("every etcd member of the running cluster has lost its data (" + String.join(", ",
          observed.etcdDataLost()) + " hold nothing under " + topology.hostPath(Paths.ETCD_DATA) + "): no member is "
          + "left for them to join; restore a snapshot (slipway etcd snapshot-restore --name NAME)");
    }
    return topology.etcd().stream().filter(n -> wasEtcd(n.hostname()) && !lostData(n)).findFirst().orElseThrow(() ->
        new PlanException("every etcd member of the running cluster would be replaced at once (" + state.nodes().stream()
            .filter(n -> n.roles().contains(Role.ETCD)).map(ClusterState.NodeRecord::hostname).toList()
            + " have etcd now); keep at least one of them in the etcd role while the new members join"));
  }

  private boolean wasEtcd(String hostname) {
    ClusterState.NodeRecord previous = previousNodes.get(hostname);
    return previous != null && previous.roles().contains(Role.ETCD);
  }

  private static String peerUrl(String internalAddress) {
    return Addresses.url("https", internalAddress, 2380);
  }

  /** Every container the plan runs on {@code node}, which has {@code roles} (each name once), in start order. */
  private List<ContainerSpec> containers(NodeConfig node, Set<Role> roles) {
    List<ContainerSpec> specs = new ArrayList<>();
    if (roles.contains(Role.ETCD)) {
      boolean joining = state.hasEtcd() && (!wasEtcd(node.hostname()) || lostData(node));
      specs.add(components.etcd(node, joining));
      if (topology.config().services().etcd().snapshot()) {
        specs.add(components.etcdSnapshots(node));
      }
    }
    if (roles.contains(Role.CONTROLPLANE)) {
      specs.add(components.apiserver(node));
      specs.add(components.controllerManager());
      specs.add(components.scheduler());
    } else {
      specs.add(components.nginxProxy());
    }
    if (components.criDockerd()) {
      specs.add(components.sidekick());
    }
    specs.add(components.kubelet(node, roles));
    specs.add(components.kubeProxy(node));
    return specs;
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

  private int checked(NodeConfig node, ContainerSpec spec, Phase phase, int[] after, String url) {
    int run = run(node, spec, phase, after);
    String name = healthNames.computeIfAbsent(spec.name(), container -> container + "/health");
    return add(new Step.HealthCheck(id(node, name), phase, spec.name(), url, COMPONENT_ATTEMPTS, CHECK_INTERVAL), run);
  }

  private int run(NodeConfig node, ContainerSpec spec, Phase phase, int[] after) {
    ContainerChange change = Diff.of(spec, observed.container(node.hostname(), spec.name()).orElse(null));
    return add(new Step.RunContainer(id(node, spec.name()), phase, spec, change), after);
  }

  /** Adds {@code step}, waiting for the steps at positions {@code after}; returns its position. */
  private int add(Step step, int[] after) {
    int position = plan.add(step);
    for (int from : after) {
      plan.edge(from, position);
    }
    return position;
  }

  /** Adds {@code step}, waiting for the step at position {@code after}; returns its position. */
  private int add(Step step, int after) {
    int position = plan.add(step);
    plan.edge(after, position);
    return position;
  }

  private static int[] with(int[] positions, int extra) {
    int[] result = Arrays.copyOf(positions, positions.length + 1);
    result[positions.length] = extra;
    return result;
  }

  private static StepId id(NodeConfig node, String name) {
    return new StepId(node.hostname(), name);
  }
}
