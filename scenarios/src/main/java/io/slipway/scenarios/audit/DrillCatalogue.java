package io.slipway.scenarios.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.Role;
import io.slipway.engine.exec.ExecutorSettings;
import io.slipway.reports.history.Entry;
import io.slipway.simulator.fleet.Misprepare;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The drills a topology implies, each with what the topology should do under it and why: kill
 * each component kind on one node; stop the etcd leader; lose as many etcd members as the quorum
 * allows, then one more; stop each controlplane node; stop the load balancer; partition a worker;
 * reboot one node of each role; rotate certificates under load; re-run {@code up}. The arithmetic
 * is etcd's (a quorum is a majority of members) and the counts of load balancers and controlplane
 * nodes. Every drill ends healed, with etcd healthy, the API answering and every node Ready.
 */
public final class DrillCatalogue {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Longest client-visible gap a drill the topology survives may show. */
  static final String GAP = "15s";

  private final Topology topology;
  private final List<Drill> drills = new ArrayList<>();

  private DrillCatalogue(Topology topology) {
    this.topology = topology;
  }

  /** Every drill of {@code topology}, the quick ones marked. */
  public static List<Drill> of(Topology topology) {
    DrillCatalogue catalogue = new DrillCatalogue(topology);
    catalogue.build();
    return List.copyOf(catalogue.drills);
  }

  /**
   * A node left unprepared on purpose before the first {@code up}: up must refuse it, naming the
   * node and the fix, and change nothing on any node; then the node is prepared again.
   */
  static Drill misprepared(Topology topology, Topology.Member node, Misprepare how) {
    DrillCatalogue catalogue = new DrillCatalogue(topology);
    String id = "misprepare-" + node.name() + "-" + how.key();
    String check = switch (how) {
      case SWAP -> "the kubelet is told to refuse swap (fail_swap_on), and up checks each node for it";
      case PORT_CLOSED -> "up tries, from each node, the ports its roles use on the others (RKE's port checks)";
      case NO_KEY -> "up logs in to every node before it changes any";
    };
    catalogue.drill(id, node.name() + " mis-prepared: " + how.describe(), true, Entry.Expected.REFUSED,
        check + "; nothing may change on any node", steps -> {
          steps.add(step("fault", F.objectNode().put("id", id + "-fault").put("misprepare", how.key())
              .put("target", node.name())));
          // the error names the node and says what to do
          steps.add(step("up", F.objectNode().put("id", id + "-up").put("refused", "(?s)" + node.name()
              + ".*(fix|hint): ")));
          steps.add(step("heal", F.objectNode().put("id", id + "-heal").put("fault", id + "-fault")));
        });
    return catalogue.drills.get(0);
  }

  private void build() {
    Topology.Member cp = topology.firstControlplane();
    Topology.Member etcdNode = topology.with(Role.ETCD).get(0);
    killComponent("kube-apiserver", cp, true, "api_read");
    stopEtcdLeader();
    isolateEtcdLeader();
    etcdQuorum();
    List<Topology.Member> controlplane = topology.with(Role.CONTROLPLANE);
    for (int i = 0; i < controlplane.size(); i++) {
      stopControlplane(controlplane.get(i), i == 0);
    }
    if (topology.loadBalancers() > 0) {
      stopLoadBalancer();
    }
    partitionWorker();
    drainWorker();
    loseWorker();
    killComponent("etcd", etcdNode, false, "api_write");
    killComponent("kube-controller-manager", cp, false, "api_read");
    killComponent("kube-scheduler", cp, false, "api_read");
    Topology.Member worker = worker();
    killComponent("kubelet", worker, false, "api_read");
    killComponent("kube-proxy", worker, false, "api_read");
    if (!worker.has(Role.CONTROLPLANE)) {  // nginx-proxy runs where no apiserver does
      killComponent("nginx-proxy", worker, false, "api_read");
    }
    rebootOnePerRole();
    certRotateUnderLoad();
    // late: the writes a restore undoes by design are excused in every later check (StepInterpreter)
    snapshotRestore();
    rollingUpgrade();
    reUp();
  }

  private void killComponent(String component, Topology.Member node, boolean quick, String probe) {
    String id = "kill-" + component + "-" + node.name();
    drill(id, "kill " + component + " on " + node.name(), quick, Entry.Expected.SURVIVES,
        "its restart policy is always: dockerd restarts it"
            + (probe.equals("api_read") && topology.controlplane() > 1 && topology.loadBalancers() > 0
            ? ", and the load balancer sends to the other apiservers meanwhile" : ""),
        steps -> {
          // the probes see the component before it is killed: its restarts are counted from there
          steps.add(step("hold", F.objectNode().put("id", id + "-before").put("for", "5s")));
          steps.add(step("fault", F.objectNode().put("id", id + "-fault").put("kill", component)
              .put("target", node.name())));
          steps.add(waitUntil(F.objectNode().set("container_running", F.objectNode().put("node", node.name())
              .put("container", component)), "60s"));
          steps.add(hold("5s"));
          steps.add(expect(F.objectNode().set("restarted", F.objectNode().put("node", node.name())
              .put("container", component)), id + "-fault"));
          steps.add(expect(gap(probe, GAP), id + "-fault"));
          steps.add(step("heal", F.objectNode().put("id", id + "-heal").put("fault", id + "-fault")));
        });
  }

  private void stopEtcdLeader() {
    int n = topology.etcd();
    boolean survives = n >= 3;
    String why = n == 1 ? "a single etcd member: it is all of etcd, and writes stop until it is back"
        : n == 2 ? "2 etcd members: the one left is no quorum of 2, so writes stop"
        : n + " etcd members: " + (n - 1) + " remain, a quorum of " + topology.quorum() + ", and elect a new leader";
    drill("stop-etcd-leader", "stop the etcd leader", true, survives ? Entry.Expected.SURVIVES : Entry.Expected.OUTAGE,
        why, steps -> {
          steps.add(step("fault", F.objectNode().put("id", "stop-etcd-leader-fault").put("stop_container", "etcd")
              .set("target", F.objectNode().put("etcd_leader", true))));
          steps.add(hold("12s"));
          steps.add(expect(survives ? gap("api_write", GAP) : fails("api_write"), "stop-etcd-leader-fault"));
          if (survives) {
            steps.add(expect(F.objectNode().set("leadership_moved", F.objectNode().put("component", "etcd")
                .put("within", "10s")), "stop-etcd-leader-fault"));
          }
          recover(steps, "stop-etcd-leader", true);
        });
  }

  /** The leader's peer port cut both ways: it still runs and serves clients on 2379, but hears from no peer. */
  private void isolateEtcdLeader() {
    int n = topology.etcd();
    if (n < 2) {
      return;  // a single member has no peers to be cut off from
    }
    boolean survives = n >= 3;
    String why = survives ? n - 1 + " members still hear each other, a quorum of " + topology.quorum()
        + ": they elect a new leader, and the cut-off one, alone, cannot commit; its clients wait for their "
        + "requests to time out before they move on, so writes may pause for up to 30 s"
        : "2 etcd members: cut off from each other, neither is a quorum of 2, so writes stop";
    drill("isolate-etcd-leader", "cut the etcd leader off from its peers (TCP 2380)", false,
        survives ? Entry.Expected.SURVIVES : Entry.Expected.OUTAGE, why, steps -> {
          steps.add(step("fault", F.objectNode().put("id", "isolate-etcd-leader-fault").put("partition_port", 2380)
              .set("target", F.objectNode().put("etcd_leader", true))));
          steps.add(hold("15s"));
          steps.add(expect(survives ? gap("api_write", "30s") : fails("api_write"), "isolate-etcd-leader-fault"));
          if (survives) {
            steps.add(expect(F.objectNode().set("leadership_moved", F.objectNode().put("component", "etcd")
                .put("within", "15s")), "isolate-etcd-leader-fault"));
          }
          recover(steps, "isolate-etcd-leader", true);
        });
  }

  private void etcdQuorum() {
    List<Topology.Member> etcd = new ArrayList<>(topology.with(Role.ETCD));
    if (etcd.size() < 2) {
      return;  // the etcd leader drill is this drill for a single member
    }
    // lose members from the end of the list: the first controlplane node, often etcd too, stays
    List<Topology.Member> order = new ArrayList<>(etcd);
    Collections.reverse(order);
    int tolerates = topology.tolerates();
    if (tolerates > 0) {
      List<Topology.Member> lost = order.subList(0, tolerates);
      drill("etcd-minority-lost", "lose " + tolerates + " of " + etcd.size() + " etcd members", true,
          Entry.Expected.SURVIVES, etcd.size() - tolerates + " members remain, a quorum of " + topology.quorum()
              + ": writes go on", steps -> {
            for (Topology.Member m : lost) {
              steps.add(step("fault", F.objectNode().put("id", "etcd-minority-lost-" + m.name()).put("stop_container",
                  "etcd").put("target", m.name())));
            }
            steps.add(hold("12s"));
            steps.add(expect(gap("api_write", GAP), "etcd-minority-lost-" + lost.get(0).name()));
            recover(steps, "etcd-minority-lost", true);
          });
    }
    Topology.Member more = order.get(tolerates);
    List<Topology.Member> first = order.subList(0, tolerates);
    int lostAll = tolerates + 1;
    drill("etcd-quorum-lost", "lose " + lostAll + " of " + etcd.size() + " etcd members", true, Entry.Expected.OUTAGE,
        "with " + (etcd.size() - lostAll) + " of " + etcd.size() + " members left there is no quorum ("
            + topology.quorum() + " needed): writes must stop, and resume after heal with no acknowledged write lost",
        steps -> {
          for (Topology.Member m : first) {
            steps.add(step("fault", F.objectNode().put("id", "etcd-quorum-lost-" + m.name()).put("stop_container",
                "etcd").put("target", m.name())));
          }
          steps.add(step("fault", F.objectNode().put("id", "etcd-quorum-lost-fault").put("stop_container", "etcd")
              .put("target", more.name())));
          steps.add(hold("12s"));
          steps.add(expect(fails("api_write"), "etcd-quorum-lost-fault"));
          recover(steps, "etcd-quorum-lost", true);
        });
  }

  private void stopControlplane(Topology.Member node, boolean quick) {
    String id = "stop-node-" + node.name();
    boolean etcd = node.has(Role.ETCD);
    boolean quorumKept = !etcd || topology.etcd() - 1 >= topology.quorum();
    boolean endpoint = topology.loadBalancers() == 0 && node.equals(topology.firstControlplane());
    boolean apiKept = topology.controlplane() > 1 && !endpoint;
    boolean survives = quorumKept && apiKept;
    List<String> reasons = new ArrayList<>();
    if (!apiKept) {
      reasons.add(topology.controlplane() == 1 ? "the only controlplane node: the API stops"
          : "no load balancer: clients use its address, so they lose the API");
    } else {
      reasons.add((topology.controlplane() - 1) + " other apiservers answer"
          + (topology.loadBalancers() > 0 ? " behind the load balancer" : ""));
    }
    if (etcd) {
      reasons.add(quorumKept ? "etcd keeps " + (topology.etcd() - 1) + " of " + topology.etcd()
          + " members, a quorum" : "etcd loses its quorum (" + (topology.etcd() - 1) + " of " + topology.etcd() + ")");
    }
    drill(id, "stop controlplane node " + node.name(), quick, survives ? Entry.Expected.SURVIVES
        : Entry.Expected.OUTAGE, String.join("; ", reasons), steps -> {
          steps.add(fault(id + "-fault", "stop_node", node.name()));
          steps.add(hold("12s"));
          if (survives) {
            steps.add(expect(gap("api_read", GAP), id + "-fault"));
            if (etcd) {
              steps.add(expect(gap("api_write", GAP), id + "-fault"));
            }
          } else {
            steps.add(expect(fails(apiKept ? "api_write" : "api_read"), id + "-fault"));
          }
          recover(steps, id, etcd);
        });
  }

  private void stopLoadBalancer() {
    boolean pair = topology.floatingAddress();
    List<String> lbs = pair ? List.of("lb-1", "lb-2") : List.of(topology.loadBalancers() == 1 ? "lb" : "lb-1");
    drill("stop-lb", "stop the load balancer" + (pair ? " holding the floating address" : " " + lbs.get(0)), true,
        pair ? Entry.Expected.SURVIVES : Entry.Expected.OUTAGE,
        pair ? "a keepalived pair: the floating address moves to the other load balancer"
            : "one load balancer at " + topology.lbAddresses().get(0) + ": every client of that address loses the API",
        steps -> {
          steps.add(fault("stop-lb-fault", "stop_lb", pair ? "active_lb" : lbs.get(0)));
          if (pair) {
            steps.add(waitUntil(F.objectNode().put("floating_address_on", "lb-2"), "15s"));
          }
          steps.add(hold("8s"));
          steps.add(expect(pair ? gap("api_read", "10s") : fails("api_read"), "stop-lb-fault"));
          steps.add(step("heal", F.objectNode().put("id", "stop-lb-heal").put("fault", "stop-lb-fault")));
          if (pair) {
            steps.add(waitUntil(F.objectNode().put("floating_address_on", "lb-1"), "30s"));
          }
          steps.add(waitUntil(F.objectNode().set("api_available", F.objectNode()), "60s"));
        });
  }

  private void partitionWorker() {
    Topology.Member worker = worker();
    if (topology.members().size() < 2) {
      return;  // a partition of the only node leaves nothing to watch it from
    }
    String id = "partition-" + worker.name();
    boolean alone = worker.has(Role.CONTROLPLANE) || worker.has(Role.ETCD);
    drill(id, "partition worker " + worker.name(), !alone, Entry.Expected.SURVIVES,
        "the controllers mark it NotReady after the node-monitor grace period; the rest of the cluster serves on",
        steps -> {
          steps.add(fault(id + "-fault", "partition", worker.name()));
          steps.add(waitUntil(F.objectNode().put("node_not_ready", worker.name()), "120s"));
          steps.add(expect(F.objectNode().set("node_not_ready", F.objectNode().put("node", worker.name())
              .put("within", "120s")), id + "-fault"));
          if (!alone) {
            steps.add(expect(F.objectNode().set("availability", F.objectNode().put("probe", "api_read")
                .put("at_least", 0.95)), id + "-fault"));
          }
          recover(steps, id, alone);
        });
  }

  /**
   * Maintenance of a worker: a Deployment with a pod per worker and a budget of one disruption
   * runs, the worker is drained with the real {@code kubectl drain} (evictions within the budget),
   * and its pods must run elsewhere, their containers in the other workers' engines; then it is
   * uncordoned. With one worker its pods have nowhere to go and wait Pending until then.
   */
  private void drainWorker() {
    List<Topology.Member> workers = topology.with(Role.WORKER);
    if (workers.isEmpty()) {
      return;
    }
    Topology.Member worker = worker();
    int replicas = workers.size();
    boolean survives = replicas > 1;
    String id = "drain-" + worker.name();
    String manifest = deployment("audit-drain", replicas) + """
        ---
        apiVersion: policy/v1beta1
        kind: PodDisruptionBudget
        metadata: {name: audit-drain, namespace: default}
        spec:
          maxUnavailable: 1
          selector: {matchLabels: {app: audit-drain}}
        """;
    drill(id, "drain worker " + worker.name() + " for maintenance", true,
        survives ? Entry.Expected.SURVIVES : Entry.Expected.OUTAGE, survives
            ? "kubectl drain evicts its pods within their disruption budget and the " + (replicas - 1)
                + " other worker" + (replicas > 2 ? "s take" : " takes") + " them"
            : "one worker: drained, its pods have nowhere to run until it is uncordoned", steps -> {
          steps.add(step("kubectl", kubectl(id + "-workload", "apply", "-f", "-").put("stdin", manifest)));
          steps.add(waitUntil(podsRunning(replicas), "120s"));
          steps.add(step("kubectl", kubectl(id + "-drain", "drain", worker.name(), "--ignore-daemonsets",
              "--delete-local-data",
              "--timeout=120s")));
          if (survives) {
            steps.add(waitUntil(podsRunning(replicas), "120s"));
            steps.add(step("kubectl", kubectl(id + "-moved", "get", "pods", "-l", "app=audit-drain",
                "--field-selector=spec.nodeName=" + worker.name(), "-o", "name").put("output", "^\\s*$")));
          } else {
            steps.add(step("kubectl", kubectl(id + "-pending", "get", "pods", "-l", "app=audit-drain",
                "--field-selector=status.phase=Pending", "-o", "name").put("output", "^pod/audit-drain-\\S+\\s*$")
                .put("retry_for", "30s")));
          }
          steps.add(step("kubectl", kubectl(id + "-uncordon", "uncordon", worker.name())));
          steps.add(waitUntil(podsRunning(replicas), "120s"));
          steps.add(step("kubectl", kubectl(id + "-cleanup", "delete", "deployment/audit-drain",
              "poddisruptionbudget/audit-drain")));
        });
  }

  /**
   * A worker powered off with pods on it: they stay bound to it, seen Running, until the node
   * lifecycle controller evicts them, once the node has been NotReady for the toleration the
   * apiserver gives every pod (300 s); then their Deployment recreates them on the other workers.
   * Six to seven minutes: not in the quick audit.
   */
  private void loseWorker() {
    List<Topology.Member> workers = topology.with(Role.WORKER);
    Topology.Member worker = worker();
    if (workers.size() < 2 || topology.members().size() < 2) {
      return;  // with one worker its pods have nowhere else to go: the drain drill already shows that
    }
    int replicas = workers.size();
    boolean survives = survivesLosing(worker);
    String id = "lose-" + worker.name();
    String manifest = deployment("audit-lost", replicas);
    drill(id, "power off worker " + worker.name() + " with pods on it", false,
        survives ? Entry.Expected.SURVIVES : Entry.Expected.OUTAGE, survives
            ? "its pods are evicted once it has been NotReady for their 300 s toleration, and recreated on the "
                + (replicas - 1) + " other worker" + (replicas > 2 ? "s" : "")
            : "while it is off, " + String.join("; ", losses(worker)), steps -> {
          steps.add(step("kubectl", kubectl(id + "-workload", "apply", "-f", "-").put("stdin", manifest)));
          steps.add(waitUntil(podsRunning("audit-lost", replicas), "120s"));
          steps.add(fault(id + "-fault", "stop_node", worker.name()));
          steps.add(waitUntil(F.objectNode().put("node_not_ready", worker.name()), "120s"));
          // the node-monitor grace period, then the pods' 300 s toleration, then their replacements
          steps.add(step("kubectl", kubectl(id + "-evicted", "get", "pods", "-l", "app=audit-lost",
              "--field-selector=spec.nodeName=" + worker.name(), "-o", "name").put("output", "^\\s*$")
              .put("retry_for", "420s")));
          steps.add(waitUntil(podsRunning("audit-lost", replicas), "120s"));
          recover(steps, id, worker.has(Role.ETCD));
          steps.add(step("kubectl", kubectl(id + "-cleanup", "delete", "deployment/audit-lost")));
        });
  }

  /** A Deployment of {@code replicas} small web pods labelled {@code app: NAME}, ready once they answer on port 80. */
  private static String deployment(String name, int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %1$s, namespace: default}
        spec:
          replicas: %2$d
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec:
              containers:
                - name: web
                  image: nginx:1.19
                  resources: {requests: {cpu: 10m, memory: 16Mi}}
                  readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}
        """.formatted(name, replicas);
  }

  private static ObjectNode podsRunning(int count) {
    return podsRunning("audit-drain", count);
  }

  private static ObjectNode podsRunning(String app, int count) {
    return F.objectNode().set("pods_running", F.objectNode().put("selector", "app=" + app).put("count", count));
  }

  /** A kubectl step's body: more keys (stdin, output, retry_for) may be put on it. */
  private static ObjectNode kubectl(String id, String... args) {
    ObjectNode body = F.objectNode().put("id", id);
    for (String arg : args) {
      body.withArray("args").add(arg);
    }
    return body;
  }

  private void rebootOnePerRole() {
    Set<Topology.Member> chosen = new LinkedHashSet<>();
    for (Role role : List.of(Role.ETCD, Role.CONTROLPLANE, Role.WORKER)) {
      List<Topology.Member> with = new ArrayList<>(topology.with(role));
      Collections.reverse(with);  // from the last, so the first controlplane node (the kubeconfig's server) is spared
      with.stream().filter(m -> !chosen.contains(m)).findFirst().ifPresent(chosen::add);
    }
    for (Topology.Member node : chosen) {
      String id = "reboot-" + node.name();
      boolean survives = survivesLosing(node);
      drill(id, "reboot " + node.name() + " (" + node.node().role() + ")", false,
          survives ? Entry.Expected.SURVIVES : Entry.Expected.OUTAGE, survives
              ? "its components come back by restart policy; the others cover for it meanwhile"
              : "while it reboots, " + String.join("; ", losses(node)), steps -> {
            steps.add(fault(id + "-fault", "reboot_node", node.name()));
            steps.add(waitUntil(F.objectNode().put("node_ready", node.name()), "120s"));
            steps.add(expect(survives ? gap("api_read", "20s") : fails(node.has(Role.ETCD) ? "api_write"
                : "api_read"), id + "-fault"));
            recover(steps, id, node.has(Role.ETCD));
          });
    }
  }

  private void certRotateUnderLoad() {
    boolean lb = topology.loadBalancers() > 0 && topology.controlplane() > 1;
    drill("cert-rotate", "rotate certificates under load", false, Entry.Expected.SURVIVES,
        "components restart one controlplane node at a time" + (lb ? ", the load balancer sending to the others"
            : ": clients see the restart of the apiserver they use, briefly"), steps -> {
          steps.add(step("cert_rotate", F.objectNode().put("id", "cert-rotate-run")));
          steps.add(waitUntil(F.objectNode().set("api_available", F.objectNode()), "60s"));
          steps.add(expect(gap("api_read", lb ? GAP : "30s"), "cert-rotate-run"));
          recover(steps, "cert-rotate", true);
        });
  }

  /** RKE's disaster recovery: a snapshot, then every member's data lost, then the restore. */
  private void snapshotRestore() {
    int n = topology.etcd();
    drill("snapshot-restore", "restore from a snapshot after every etcd member lost its data", false,
        Entry.Expected.SURVIVES, "etcd snapshot-restore brings back every write acknowledged before the snapshot, on "
            + "all " + n + " members, with the certificates it was taken with; the writes after it are lost by design",
        steps -> {
          steps.add(step("snapshot_save", F.objectNode().put("id", "snapshot-restore-save").put("name",
              "audit-drill")));
          steps.add(hold("5s"));
          steps.add(step("fault", F.objectNode().put("id", "snapshot-restore-fault").put("lose_etcd_data", true)
              .set("target", F.objectNode().put("role", "etcd").put("count", n))));
          steps.add(hold("5s"));
          steps.add(step("snapshot_restore", F.objectNode().put("id", "snapshot-restore-run").put("name",
              "audit-drill")));
          steps.add(waitUntil(F.objectNode().set("etcd_healthy", F.objectNode()), "120s"));
          steps.add(waitUntil(F.objectNode().set("api_available", F.objectNode()), "90s"));
          steps.add(waitUntil(F.objectNode().put("nodes_ready", topology.members().size()), "180s"));
          steps.add(step("hold", F.objectNode().put("id", "snapshot-restore-after").put("for", "5s")));
          steps.add(expect(F.objectNode().set("no_lost_writes", F.objectNode().set("may_lose", F.objectNode()
              .put("from", "snapshot-restore-save").put("to", "snapshot-restore-run"))), null));
          steps.add(expect(F.objectNode().set("availability", F.objectNode().put("probe", "api_write")
              .put("at_least", 0.9)), "snapshot-restore-after"));
        });
  }

  /** The upgrade to the newest release of the next minor version, rolled as RKE rolls it, under the probes. */
  private void rollingUpgrade() {
    String running = topology.config().kubernetesVersion();
    Optional<String> next = KubernetesVersions.newestOfMinor(KubernetesVersions.minor(running) + 1);
    if (next.isEmpty()) {
      return;
    }
    int workers = topology.with(Role.WORKER).size();
    int batch = ExecutorSettings.unavailable(topology.config().upgradeStrategy().maxUnavailableWorker(), workers);
    boolean lb = topology.loadBalancers() > 0 && topology.controlplane() > 1;
    String upgraded = next.get().replaceFirst("-rancher.*$", "");
    drill("rolling-upgrade", "upgrade Kubernetes from " + running + " to " + next.get(), false,
        lb ? Entry.Expected.SURVIVES : Entry.Expected.OUTAGE, lb
            ? "etcd one member at a time, the control plane one node at a time behind the load balancer, the workers "
                + batch + " at a time (max_unavailable_worker " + topology.config().upgradeStrategy()
                .maxUnavailableWorker() + "), each cordoned first"
            : "with one controlplane node, or none behind a load balancer, clients lose the API while its "
                + "apiserver is replaced", steps -> {
          steps.add(step("edit_cluster", F.objectNode().put("id", "rolling-upgrade-edit").set("set",
              F.objectNode().put("kubernetes_version", next.get()))));
          steps.add(step("up", F.objectNode().put("id", "rolling-upgrade-run")));
          steps.add(waitUntil(F.objectNode().put("nodes_ready", topology.members().size()), "180s"));
          steps.add(hold("3s"));
          steps.add(expect(lb ? gap("api_read", GAP) : fails("api_read"), "rolling-upgrade-run"));
          steps.add(expect(F.objectNode().set("unschedulable_at_most", F.objectNode().put("count", batch)),
              "rolling-upgrade-run"));
          steps.add(expect(F.objectNode().set("node_versions", F.objectNode().put("version", upgraded)), null));
          steps.add(expect(F.objectNode().set("no_lost_writes", F.objectNode()), null));
        });
  }

  private void reUp() {
    drill("re-up", "re-run up after the drills", true, Entry.Expected.SURVIVES,
        "every drill healed what it broke, so up finds the cluster as it left it and changes nothing twice",
        steps -> steps.add(step("up", F.objectNode().put("id", "re-up-run"))));
  }

  /** Whether the API and writes go on while {@code node} is away. */
  private boolean survivesLosing(Topology.Member node) {
    return losses(node).isEmpty();
  }

  private List<String> losses(Topology.Member node) {
    List<String> losses = new ArrayList<>();
    if (node.has(Role.ETCD) && topology.etcd() - 1 < topology.quorum()) {
      losses.add("etcd has no quorum");
    }
    if (node.has(Role.CONTROLPLANE) && (topology.controlplane() == 1
        || topology.loadBalancers() == 0 && node.equals(topology.firstControlplane()))) {
      losses.add("clients lose the API");
    }
    return losses;
  }

  /** A worker to disturb: one with no other role if there is one, else the last worker. */
  private Topology.Member worker() {
    List<Topology.Member> workers = topology.with(Role.WORKER);
    return workers.stream().filter(w -> !w.has(Role.CONTROLPLANE) && !w.has(Role.ETCD)).reduce((a, b) -> b)
        .orElse(workers.isEmpty() ? topology.members().get(topology.members().size() - 1)
            : workers.get(workers.size() - 1));
  }

  /** Heals what the drill broke, waits until the cluster is whole, and checks writes were kept. */
  private void recover(List<ObjectNode> steps, String id, boolean writes) {
    steps.add(step("heal", F.objectNode().put("id", id + "-heal").put("fault", "all")));
    steps.add(waitUntil(F.objectNode().set("etcd_healthy", F.objectNode()), "120s"));
    steps.add(waitUntil(F.objectNode().set("api_available", F.objectNode()), "90s"));
    steps.add(waitUntil(F.objectNode().put("nodes_ready", topology.members().size()), "180s"));
    if (writes) {
      steps.add(step("hold", F.objectNode().put("id", id + "-after").put("for", "5s")));
      steps.add(expect(F.objectNode().set("availability", F.objectNode().put("probe", "api_write")
          .put("at_least", 0.9)), id + "-after"));
      steps.add(expect(F.objectNode().set("no_lost_writes", F.objectNode()), null));
    }
  }

  private void drill(String id, String title, boolean quick, Entry.Expected expected, String why,
      Consumer<List<ObjectNode>> body) {
    List<ObjectNode> steps = new ArrayList<>();
    steps.add(step("drill", F.objectNode().put("id", id).put("title", title).put("expect", expected.key())
        .put("why", why)));
    body.accept(steps);
    drills.add(new Drill(id, title, quick, expected, why, steps));
  }

  private static ObjectNode step(String kind, ObjectNode body) {
    ObjectNode step = F.objectNode();
    step.set(kind, body);
    return step;
  }

  /** A node fault without arguments ({@code stop_node: {}}) on {@code target}. */
  private static ObjectNode fault(String id, String kind, String target) {
    ObjectNode body = F.objectNode().put("id", id);
    body.set(kind, F.objectNode());
    return step("fault", body.put("target", target));
  }

  private static ObjectNode hold(String duration) {
    return step("hold", F.objectNode().put("for", duration));
  }

  private static ObjectNode waitUntil(ObjectNode condition, String timeout) {
    return step("wait_until", condition.put("timeout", timeout));
  }

  private static ObjectNode expect(ObjectNode check, String from) {
    if (from != null) {
      check.put("from", from);
    }
    return step("expect", check);
  }

  private static ObjectNode gap(String probe, String below) {
    return F.objectNode().set("gap", F.objectNode().put("probe", probe).put("below", below));
  }

  private static ObjectNode fails(String probe) {
    return F.objectNode().set("fails", F.objectNode().put("probe", probe));
  }
}
