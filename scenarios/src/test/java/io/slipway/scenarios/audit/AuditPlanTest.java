package io.slipway.scenarios.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.engine.BadInputException;
import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.ConfigException;
import io.slipway.engine.config.Role;
import io.slipway.reports.history.Entry;
import io.slipway.scenarios.load.ScenarioLoader;
import io.slipway.scenarios.model.Scenario;
import io.slipway.scenarios.model.ScenarioStep;
import io.slipway.simulator.fleet.EngineSpec;
import io.slipway.simulator.fleet.NodeSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditPlanTest {

  private static final Path FILES = Path.of("src/test/resources/audit");
  private static final Path REFERENCE = Path.of("../examples/reference-cluster.yml");

  private static AuditPlan plan(Path file, String drills, boolean floating) {
    return AuditPlan.of(file, new AuditPlan.Selection(drills), Capacities.defaults(), floating, 1);
  }

  private static Map<String, Entry.Expected> expectations(AuditPlan plan) {
    return plan.catalogue().stream().collect(Collectors.toMap(Drill::id, Drill::expected));
  }

  @Test
  void theReferenceFileGivesSevenNodesNamedAndSizedLikeTheWalkthroughAndOneLoadBalancer() {
    AuditPlan plan = plan(REFERENCE, "quick", false);
    List<NodeSpec> nodes = plan.shape().fleet().nodes();
    assertThat(nodes).extracting(NodeSpec::name).containsExactly("master-1", "master-2", "master-3", "worker-1",
        "worker-2", "worker-3", "worker-4");
    assertThat(nodes.get(0).roles()).containsExactlyInAnyOrder(Role.CONTROLPLANE, Role.ETCD);
    assertThat(nodes.get(3).capacity()).isEqualTo(Capacities.WORKER);
    assertThat(nodes.get(0).capacity()).isEqualTo(Capacities.MASTER);
    assertThat(plan.shape().loadBalancers()).containsExactly("lb");
    assertThat(plan.shape().addresses()).extracting(Entry.Audit.Address::operator, Entry.Audit.Address::fleet)
        .contains(org.assertj.core.groups.Tuple.tuple("192.168.0.11", "${node:master-1}"),
            org.assertj.core.groups.Tuple.tuple("192.168.0.17", "${node:worker-4}"),
            org.assertj.core.groups.Tuple.tuple("192.168.0.10", "${lb:lb}"));
    assertThat(plan.topology().singlePointsOfFailure()).containsExactly(
        "one load balancer at 192.168.0.10: losing it stops every client that uses that address");
  }

  @Test
  void theReferenceTopologySurvivesEverythingButTheQuorumLossAndTheLoadBalancerStopping() {
    AuditPlan all = plan(REFERENCE, "all", false);
    Map<String, Entry.Expected> expected = expectations(all);
    assertThat(expected).containsEntry("stop-etcd-leader", Entry.Expected.SURVIVES)
        .containsEntry("etcd-minority-lost", Entry.Expected.SURVIVES)
        .containsEntry("etcd-quorum-lost", Entry.Expected.OUTAGE)
        .containsEntry("stop-node-master-1", Entry.Expected.SURVIVES)
        .containsEntry("stop-node-master-3", Entry.Expected.SURVIVES)
        .containsEntry("stop-lb", Entry.Expected.OUTAGE)
        .containsEntry("partition-worker-4", Entry.Expected.SURVIVES)
        .containsEntry("kill-nginx-proxy-worker-4", Entry.Expected.SURVIVES)
        .containsEntry("reboot-master-3", Entry.Expected.SURVIVES)
        .containsEntry("reboot-worker-4", Entry.Expected.SURVIVES)
        .containsEntry("cert-rotate", Entry.Expected.SURVIVES)
        .containsEntry("snapshot-restore", Entry.Expected.SURVIVES)
        .containsEntry("rolling-upgrade", Entry.Expected.SURVIVES)
        .containsEntry("re-up", Entry.Expected.SURVIVES);
    assertThat(all.catalogue().stream().map(Drill::id).toList()).as("the writes the restore loses by design count in no later drill")
        .endsWith("snapshot-restore", "rolling-upgrade", "re-up");
    assertThat(expected.values().stream().filter(e -> e == Entry.Expected.OUTAGE)).hasSize(2);
  }

  @Test
  void aFloatingAddressMakesTheLoadBalancerAPairThatSurvivesLosingOne() {
    AuditPlan plan = plan(REFERENCE, "quick", true);
    assertThat(plan.shape().loadBalancers()).containsExactly("lb-1", "lb-2");
    assertThat(plan.shape().fleet().floatingAddress()).isTrue();
    assertThat(plan.shape().addresses()).anySatisfy(a -> {
      assertThat(a.operator()).isEqualTo("192.168.0.10");
      assertThat(a.fleet()).isEqualTo("${lb}");
    });
    assertThat(expectations(plan)).containsEntry("stop-lb", Entry.Expected.SURVIVES);
    assertThat(plan.topology().singlePointsOfFailure()).isEmpty();
  }

  @Test
  void oneNodeWithEveryRoleIsOneSinglePointOfFailureForEtcdTheApiAndTheWorkloads() {
    AuditPlan plan = plan(FILES.resolve("one-node.yml"), "all", false);
    assertThat(plan.shape().fleet().nodes()).singleElement().satisfies(n -> {
      assertThat(n.name()).isEqualTo("10-0-5-7");
      assertThat(n.capacity()).isEqualTo(Capacities.WORKER);
    });
    assertThat(plan.shape().loadBalancers()).isEmpty();
    assertThat(plan.topology().singlePointsOfFailure()).hasSize(3)
        .anyMatch(s -> s.startsWith("one etcd member (10-0-5-7)"))
        .anyMatch(s -> s.startsWith("one controlplane node (10-0-5-7)"))
        .anyMatch(s -> s.startsWith("one worker (10-0-5-7)"));
    Map<String, Entry.Expected> expected = expectations(plan);
    assertThat(expected).containsEntry("stop-etcd-leader", Entry.Expected.OUTAGE)
        .containsEntry("stop-node-10-0-5-7", Entry.Expected.OUTAGE)
        .doesNotContainKeys("etcd-minority-lost", "etcd-quorum-lost", "stop-lb", "partition-10-0-5-7");
    // named by its address, the copy names the node so the drills can find it
    assertThat(plan.copy().cluster().at("/nodes/0/hostname_override").asText()).isEqualTo("10-0-5-7");
  }

  @Test
  void twoEtcdMembersWithoutLoadBalancerLoseWritesWithEitherAndTheApiWithTheFirstControlplaneNode() {
    AuditPlan plan = plan(FILES.resolve("two-etcd.yml"), "all", false);
    assertThat(plan.name()).isEqualTo("pair");
    assertThat(plan.topology().singlePointsOfFailure())
        .contains("2 etcd members (cp-a, cp-b): losing either stops all writes (a quorum of 2 needs both)")
        .anyMatch(s -> s.startsWith("no load balancer: clients reach the API at 172.31.4.1 (cp-a"));
    Map<String, Entry.Expected> expected = expectations(plan);
    assertThat(expected).containsEntry("stop-etcd-leader", Entry.Expected.OUTAGE)
        .containsEntry("etcd-quorum-lost", Entry.Expected.OUTAGE)
        .containsEntry("stop-node-cp-a", Entry.Expected.OUTAGE)
        .containsEntry("stop-node-cp-b", Entry.Expected.OUTAGE)
        .containsEntry("partition-w-1", Entry.Expected.SURVIVES)
        .doesNotContainKeys("etcd-minority-lost", "stop-lb");
    assertThat(plan.copy().changes()).anySatisfy(c -> {
      assertThat(c.key()).isEqualTo("ssh_agent_auth");
      assertThat(c.to()).isEqualTo("false");
    });
  }

  @Test
  void fiveDedicatedEtcdMembersLoseTwoAndKeepWritingAndTheCopyKeepsPortsLabelsAndTaints() {
    AuditPlan plan = plan(FILES.resolve("five-etcd.yml"), "quick", false);
    assertThat(plan.topology().etcd()).isEqualTo(5);
    assertThat(plan.topology().tolerates()).isEqualTo(2);
    assertThat(plan.catalogue()).filteredOn(d -> d.id().equals("etcd-minority-lost")).singleElement()
        .satisfies(d -> assertThat(d.title()).isEqualTo("lose 2 of 5 etcd members"));
    assertThat(plan.catalogue()).filteredOn(d -> d.id().equals("etcd-quorum-lost")).singleElement()
        .satisfies(d -> assertThat(d.title()).isEqualTo("lose 3 of 5 etcd members"));
    assertThat(expectations(plan)).containsEntry("stop-node-cp-1", Entry.Expected.SURVIVES);
    List<NodeSpec> nodes = plan.shape().fleet().nodes();
    assertThat(nodes).extracting(NodeSpec::name).containsExactly("etcd-1", "etcd-2", "etcd-3", "etcd-4", "etcd-5",
        "cp-1", "cp-2", "cp-3", "10-20-2-1", "10-20-2-2", "worker-3");
    assertThat(nodes).filteredOn(n -> n.name().startsWith("cp-")).extracting(NodeSpec::sshPort).containsOnly(2222);
    assertThat(nodes).filteredOn(n -> n.name().startsWith("etcd-")).extracting(NodeSpec::sshPort).containsOnly(22);
    // internal addresses and the SANs are mapped too; the node SAN to its node, the other IP to the LB
    assertThat(plan.shape().addresses()).extracting(Entry.Audit.Address::operator)
        .contains("10.20.0.1", "192.168.50.1", "10.20.9.9");
    assertThat(plan.shape().loadBalancers()).containsExactly("lb");
    assertThat(plan.shape().fleet().hostNames()).containsExactly(Map.entry("api.prod.example.com", "lb"));
    JsonNode copy = plan.copy().cluster();
    assertThat(copy.at("/nodes/0/internal_address").asText()).isEqualTo("${node:etcd-1}");
    assertThat(copy.at("/nodes/5/port").asText()).isEqualTo("2222");
    assertThat(copy.at("/nodes/8/labels/tier").asText()).isEqualTo("gold");
    assertThat(copy.at("/nodes/8/taints/0/effect").asText()).isEqualTo("NoSchedule");
    assertThat(copy.at("/authentication/sans").toString())
        .isEqualTo("[\"${lb:lb}\",\"api.prod.example.com\",\"${node:cp-1}\"]");
    assertThat(copy.at("/kubernetes_version").asText()).isEqualTo("v1.30.5-rancher1-1");
    assertThat(copy.at("/services/kube-api/service_node_port_range").asText()).isEqualTo("30000-32767");
    assertThat(copy.has("bastion_host")).isFalse();
    assertThat(copy.has("private_registries")).isFalse();
    assertThat(copy.at("/nodes/5").has("ssh_key_path")).isFalse();
    assertThat(nodes).extracting(NodeSpec::user).containsOnly("rke");
    assertThat(copy.at("/nodes/0/user").asText()).isEqualTo("rke");
    assertThat(plan.copy().changes()).extracting(Entry.Audit.Difference::key).doesNotContain("nodes[0].user");
    assertThat(plan.copy().changes()).extracting(Entry.Audit.Difference::key).contains("nodes[0].address",
        "nodes[0].internal_address", "nodes[5].ssh_key_path", "nodes[10].hostname_override",
        "authentication.sans[0]", "bastion_host", "private_registries", "ssh_key_path", "system_images");
  }

  @Test
  void includedAddonFilesAreNamedByTheirAbsolutePathAndOnesThatCannotBeDeployedAreLeftOutSayingWhy(
      @TempDir Path dir) throws Exception {
    String configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n";
    Path manifest = java.nio.file.Files.writeString(dir.resolve("extra.yaml"), configMap);
    Path other = java.nio.file.Files.writeString(dir.resolve("other.yaml"), configMap.replace("extra", "other"));
    Path relative = Path.of("").toAbsolutePath().relativize(other);
    Path cluster = java.nio.file.Files.writeString(dir.resolve("cluster.yml"), java.nio.file.Files.readString(REFERENCE)
        + "addons_include: [" + manifest + ", https://example.com/a.yaml, " + dir.resolve("missing.yaml") + ", "
        + relative + "]\naddons: '{apiVersion: v1, kind: Namespace, metadata: {name: team-a}}'\n");
    ClusterCopy copy = plan(cluster, "quick", false).copy();
    assertThat(copy.cluster().path("addons_include").toString()).isEqualTo("[\"" + manifest + "\",\"" + other + "\"]");
    assertThat(copy.cluster().path("addons").asText()).as("inline addons stay as written")
        .isEqualTo("{apiVersion: v1, kind: Namespace, metadata: {name: team-a}}");
    assertThat(copy.changes()).filteredOn(c -> c.key().startsWith("addons_include"))
        .extracting(c -> c.key() + " " + c.to() + " " + c.why()).containsExactly(
            "addons_include[1] (removed) Slipway downloads nothing; save it and name the file to have it deployed",
            "addons_include[2] (removed) no readable file there on this machine",
            "addons_include[3] " + other + " the same file by its absolute path (a relative one is read from the "
                + "working directory)");
  }

  @Test
  void noAddressOfTheOperatorsFileIsLeftInTheCopyToBeDeployed() {
    for (Path file : List.of(REFERENCE, FILES.resolve("one-node.yml"), FILES.resolve("two-etcd.yml"),
        FILES.resolve("five-etcd.yml"))) {
      AuditPlan plan = plan(file, "all", false);
      List<String> operatorAddresses = plan.shape().addresses().stream().map(Entry.Audit.Address::operator)
          .filter(Addresses::isIp).toList();  // names stay in the certificates, resolved inside the fleet
      List<String> texts = new ArrayList<>();
      collect(plan.copy().cluster(), texts);
      assertThat(texts).as("%s", file).doesNotContainAnyElementsOf(operatorAddresses);
      assertThat(texts).as("%s", file).noneMatch(t -> t.contains("203.0.113.9") || t.contains("registry.example.com"));
    }
  }

  @Test
  void theAuditAndEveryDrillAreScenarioFilesTheLoaderReadsBack(@TempDir Path dir) throws Exception {
    for (Path file : List.of(REFERENCE, FILES.resolve("one-node.yml"), FILES.resolve("two-etcd.yml"),
        FILES.resolve("five-etcd.yml"))) {
      AuditPlan plan = plan(file, "all", false);
      Path runDir = dir.resolve(plan.name());
      Scenario audit = ScenarioLoader.load(plan.write(runDir));
      assertThat(audit.audit()).isPresent();
      assertThat(audit.audit().get().drills()).hasSize(plan.catalogue().size());
      assertThat(audit.steps()).filteredOn(ScenarioStep.Drill.class::isInstance).hasSize(plan.catalogue().size());
      try (Stream<Path> drills = Files.list(runDir.resolve("drills"))) {
        List<Path> files = drills.sorted().toList();
        assertThat(files).hasSize(plan.catalogue().size());
        for (Path drill : files) {
          Scenario one = ScenarioLoader.load(drill);
          assertThat(one.steps().get(0)).isInstanceOf(ScenarioStep.Up.class);
          assertThat(one.fleet().nodes()).hasSize(plan.shape().fleet().nodes().size());
        }
      }
      assertThat(ScenarioLoader.load(plan.writeExplore(runDir)).steps()).hasSize(2);
    }
  }

  @Test
  void quickIsASubsetAndNamesPickDrills() {
    AuditPlan all = plan(REFERENCE, "all", false);
    AuditPlan quick = plan(REFERENCE, "quick", false);
    assertThat(all.catalogue()).containsAll(quick.chosen());
    assertThat(quick.chosen().size()).isLessThan(all.chosen().size());
    assertThat(plan(REFERENCE, "stop-lb,re-up", false).chosen()).extracting(Drill::id)
        .containsExactly("stop-lb", "re-up");
  }

  @Test
  void anUnknownDrillAFloatingAddressWithoutLoadBalancerOrABadFileChangeNothingAndSayWhy() {
    assertThatThrownBy(() -> plan(REFERENCE, "stop-the-world", false)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("no drill stop-the-world").hasMessageContaining("stop-etcd-leader");
    assertThatThrownBy(() -> plan(FILES.resolve("two-etcd.yml"), "quick", true))
        .isInstanceOf(BadInputException.class).hasMessageContaining("no address in authentication.sans");
    assertThatThrownBy(() -> Capacities.parse(List.of("worker=32,64Gi"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ROLE=cpu,memory,storage");
    assertThatThrownBy(() -> Capacities.parse(List.of("boss=1,1Gi,1Gi"))).hasMessageContaining("unknown role");
    assertThatThrownBy(() -> plan(FILES.resolve("missing.yml"), "quick", false)).isInstanceOf(ConfigException.class);
  }

  @Test
  void anAuditSpreadOverEnginesNamesThemInItsFleetAndRefusesAFloatingAddress(@TempDir Path dir) {
    List<EngineSpec> engines = List.of(
        new EngineSpec(URI.create("tcp://10.254.0.11:2376"), Optional.of(dir.resolve("tls")), 1),
        new EngineSpec(URI.create("tcp://10.254.0.12:2376"), Optional.of(dir.resolve("tls")), 2));
    AuditPlan plan = plan(REFERENCE, "quick", false).spreadOver(engines);
    Scenario audit = ScenarioLoader.load(plan.write(dir.resolve("run")));
    assertThat(audit.fleet().engines()).isEqualTo(engines);
    assertThat(audit.fleet().loadBalancers()).containsExactly("lb");
    assertThat(audit.fleet().nodes()).hasSize(7);
    assertThatThrownBy(() -> plan(REFERENCE, "quick", true).spreadOver(engines))
        .isInstanceOf(BadInputException.class).hasMessageContaining("cannot move between Docker engines");
  }

  @Test
  void aMispreparedNodeIsADrillBeforeTheDeployThatUpMustRefuse(@TempDir Path dir) {
    AuditPlan plan = AuditPlan.of(REFERENCE, new AuditPlan.Selection("re-up"), Capacities.defaults(), false,
        List.of("worker-2=port-closed", "192.168.0.13=no-key"), 1);
    assertThat(plan.misprepared()).extracting(Drill::id, Drill::expected).containsExactly(
        org.assertj.core.groups.Tuple.tuple("misprepare-worker-2-port-closed", Entry.Expected.REFUSED),
        org.assertj.core.groups.Tuple.tuple("misprepare-master-3-no-key", Entry.Expected.REFUSED));
    Scenario audit = ScenarioLoader.load(plan.write(dir));
    List<String> kinds = audit.steps().stream().map(s -> s.getClass().getSimpleName()).toList();
    // misprepare, up (refused), heal, for each; then the deploy
    assertThat(kinds.subList(0, 9)).containsExactly("Drill", "Fault", "Up", "Heal", "Drill", "Fault", "Up", "Heal",
        "Up");
    assertThat(((ScenarioStep.Up) audit.steps().get(2)).refusal()).contains("worker-2");
    assertThat(((ScenarioStep.Up) audit.steps().get(8)).refusal()).isNull();
    assertThatThrownBy(() -> AuditPlan.of(REFERENCE, AuditPlan.Selection.QUICK, Capacities.defaults(), false,
        List.of("worker-2=swap"), 1)).isInstanceOf(BadInputException.class).hasMessageContaining("fail_swap_on");
    assertThatThrownBy(() -> AuditPlan.of(REFERENCE, AuditPlan.Selection.QUICK, Capacities.defaults(), false,
        List.of("worker-9=no-key"), 1)).isInstanceOf(BadInputException.class).hasMessageContaining("no node worker-9");
    assertThatThrownBy(() -> AuditPlan.of(REFERENCE, AuditPlan.Selection.QUICK, Capacities.defaults(), false,
        List.of("worker-2=melted"), 1)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("swap, port-closed, no-key");
  }

  @Test
  void capacityIsGivenPerRole() {
    Capacities capacities = Capacities.parse(List.of("worker=16,32Gi,50Gi", "etcd=2,4Gi,20Gi"));
    assertThat(capacities.of(java.util.Set.of(Role.WORKER, Role.ETCD)).cpu().toString()).isEqualTo("16");
    assertThat(capacities.of(java.util.Set.of(Role.ETCD)).memory().toString()).isEqualTo("4Gi");
    assertThat(capacities.of(java.util.Set.of(Role.CONTROLPLANE))).isEqualTo(Capacities.MASTER);
  }

  private static void collect(JsonNode node, List<String> texts) {
    if (node.isTextual()) {
      texts.add(node.asText());
    }
    node.forEach(child -> collect(child, texts));
    node.fieldNames().forEachRemaining(texts::add);
  }
}
