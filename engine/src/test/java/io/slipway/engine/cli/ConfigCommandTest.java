package io.slipway.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigException;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Problem;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slipway config}: RKE's questions from standard input, the file it writes, the version lists. */
class ConfigCommandTest {

  private static final String NOT_ACTED_ON = "accepted but not acted on";
  private static final List<String> RKE_TOP_LEVEL_KEYS = List.of("nodes", "services", "network", "authentication",
      "addons", "addons_include", "system_images", "ssh_key_path", "ssh_cert_path", "ssh_agent_auth", "authorization",
      "ignore_docker_version", "enable_cri_dockerd", "kubernetes_version", "private_registries", "ingress",
      "cluster_name", "cloud_provider", "prefix_path", "win_prefix_path", "addon_job_timeout", "bastion_host",
      "monitoring", "restore", "rotate_encryption_key", "dns", "cri_dockerd_stream_server_address",
      "cri_dockerd_stream_server_port");

  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {
  }

  /** Runs {@code slipway args} in-process with {@code input} as standard input. */
  private static Run run(String input, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = SlipwayMain.commandLine();
    ((ConfigCommand) line.getSubcommands().get("config").getCommand()).readAnswersFrom(new StringReader(input));
    line.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exit = line.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** One line per question of a host that takes every default but its address and roles. */
  private static String host(String address, String controlplane, String worker, String etcd) {
    // address, port, key path, inline key, user, 3 roles, hostname, internal address, docker socket
    return String.join("\n", address, "", "", "", "", controlplane, worker, etcd, "", "", "") + "\n";
  }

  /** The cluster-level questions after the hosts, every one left at its default. */
  private static final String CLUSTER_DEFAULTS = "\n".repeat(9);

  @Test
  void emptyFileHasRkesKeysInRkesOrderAndIsRefusedOnlyForItsEmptyNode() throws Exception {
    Run empty = run("", "config", "--empty", "--print");
    assertThat(empty.exit()).isZero();
    assertThat(empty.err()).as("--empty asks nothing").isEmpty();
    JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(empty.out());
    assertThat(tree.fieldNames()).toIterable().as("every key rke config writes, in its order")
        .containsExactlyElementsOf(RKE_TOP_LEVEL_KEYS);
    assertThat(tree.path("system_images").size()).as("all 41 RKE image keys").isEqualTo(41);

    ConfigException refused = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse("cluster.yml", empty.out(), Strictness.LENIENT));
    assertThat(refused.problems()).as("no unknown-key warning, no shape error: only the empty node's gaps")
        .allMatch(Problem::isError)
        .extracting(p -> p.path() + ": " + p.message())
        .containsExactlyInAnyOrder(
            "nodes[0].address: a node needs an address",
            "nodes[0].user: a node needs a user",
            "nodes[0].role: a node needs at least one role (controlplane, etcd or worker)",
            "nodes: no node has the etcd role; a cluster needs at least one (three for HA)",
            "nodes: no node has the controlplane role; a cluster needs at least one (three for HA)",
            "nodes: no node has the worker role; pods could run nowhere (controlplane-only and etcd-only nodes are "
                + "tainted)");
    assertThat(refused.problems()).extracting(Problem::where).as("each located at its key or value")
        .containsExactly("cluster.yml:4:1 nodes", "cluster.yml:4:1 nodes", "cluster.yml:4:1 nodes",
            "cluster.yml:4:12 nodes[0].address", "cluster.yml:7:9 nodes[0].role", "cluster.yml:9:9 nodes[0].user");
  }

  @Test
  void threeHostsWithEveryRoleValidateStrictly() {
    String answers = "\n3\n" + host("10.0.0.1", "y", "y", "y") + host("10.0.0.2", "y", "y", "y")
        + host("10.0.0.3", "y", "y", "y") + CLUSTER_DEFAULTS;
    Run printed = run(answers, "config", "--print");
    assertThat(printed.exit()).as(printed.err()).isZero();
    assertThat(printed.err()).as("prompts go to stderr").contains("[+] Number of Hosts [1]: ")
        .contains("[+] Is host (10.0.0.2) a Worker host (y/n)? [n]: ").doesNotContain("warning:");
    assertThat(printed.out()).as("stdout is the file alone").startsWith("# ").doesNotContain("[+]");

    ConfigLoader.Loaded loaded = ConfigLoader.parse("cluster.yml", printed.out(), Strictness.STRICT);
    assertThat(loaded.warnings()).extracting(Problem::message).allMatch(m -> m.startsWith(NOT_ACTED_ON));
    ClusterConfig config = loaded.config();
    assertThat(config.nodes()).extracting(NodeConfig::address).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
    assertThat(config.nodes()).allSatisfy(n -> {
      assertThat(n.roles()).containsExactlyInAnyOrder(Role.values());
      assertThat(n.user()).as("RKE's default user").isEqualTo("ubuntu");
      assertThat(n.sshKeyPath()).as("an empty key falls back to the cluster's").isEqualTo("~/.ssh/id_rsa");
    });
    assertThat(config.network().plugin()).isEqualTo("canal");
    assertThat(config.systemImages().get("kubernetes"))
        .isEqualTo(KubernetesVersions.images(KubernetesVersions.DEFAULT).orElseThrow().get("kubernetes"));
    assertThat(config.services().kubelet().clusterDnsServer()).isEqualTo("10.43.0.10");
  }

  @Test
  void twoHundredRandomAnswerSetsAlwaysLoadAndValidateWheneverTheRolesMakeACluster() {
    Random random = new Random(20261201L);
    int clusters = 0;
    for (int round = 0; round < 200; round++) {
      RandomAnswers answers = new RandomAnswers(random);
      Run printed = run(answers.text(), "config", "--print");
      String context = "round " + round + ", answers:\n" + answers.text() + "\nstderr:\n" + printed.err();
      assertThat(printed.exit()).as(context).isZero();
      if (answers.makeACluster()) {
        clusters++;
        ConfigLoader.Loaded loaded = ConfigLoader.parse("cluster.yml", printed.out(), Strictness.STRICT);
        assertThat(loaded.warnings()).as(context).extracting(Problem::message)
            .allMatch(m -> m.startsWith(NOT_ACTED_ON) || m.contains("an odd count is recommended")
                || m.startsWith("no readable file at "));
        answers.check(loaded.config(), context);
        assertThat(printed.err()).as(context).doesNotContain("warning: no host is");
      } else {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
            () -> ConfigLoader.parse("cluster.yml", printed.out(), Strictness.LENIENT));
        assertThat(refused).as(context).isNotNull();
        assertThat(refused.problems()).as("refused only for the missing roles: " + context)
            .allMatch(p -> p.isError() ? p.path().equals("nodes") && p.message().startsWith("no node has the ")
                : p.message().startsWith(NOT_ACTED_ON) || p.message().contains("an odd count is recommended")
                    || p.message().startsWith("no readable file at "));
        assertThat(printed.err()).as(context).contains("warning: no host is");
      }
    }
    assertThat(clusters).as("the generator makes deployable clusters often enough to matter").isGreaterThan(40);
  }

  @Test
  void rkesSingleHostDefaultsWarnOfTheMissingRolesAndStillWriteTheFile() throws Exception {
    Path file = dir.resolve("cluster.yml");
    Run written = run("\n\n" + host("10.0.0.1", "", "", "") + CLUSTER_DEFAULTS, "config", "--name", file.toString());
    assertThat(written.exit()).isZero();
    assertThat(written.err()).contains("warning: no host is etcd or worker;");
    assertThat(written.out()).contains("wrote " + file.toAbsolutePath());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("RKE's 0640")
        .isEqualTo("rw-r-----");
    assertThat(Files.readString(file)).contains("- address: 10.0.0.1").contains("role:\n  - controlplane\n");
  }

  @Test
  void anInlineKeyIsNeverPrintedAndMakesTheWrittenFileOwnerOnly() throws Exception {
    String key = "-----BEGIN OPENSSH PRIVATE KEY----- c2VjcmV0 -----END OPENSSH PRIVATE KEY-----";
    String answers = "\n1\n10.0.0.1\n\n\n" + key + "\n\ny\ny\ny\n\n\n\n" + CLUSTER_DEFAULTS;
    Run printed = run(answers, "config", "--print");
    assertThat(printed.exit()).isZero();
    assertThat(printed.out() + printed.err()).as("the key appears nowhere").doesNotContain("c2VjcmV0");
    assertThat(printed.out()).contains(ConfigCommand.KEY_NOT_PRINTED);
    assertThat(printed.err()).contains("never printed");

    Path file = dir.resolve("secret.yml");
    assertThat(run(answers, "config", "-n", file.toString()).exit()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(ConfigLoader.load(file, Strictness.STRICT).config().nodes().get(0).sshKey()).isEqualTo(key);
  }

  @Test
  void inputThatEndsBeforeTheQuestionsExitsTwoNamingTheQuestion() {
    Run ended = run("\n3\n10.0.0.1\n", "config", "--print");
    assertThat(ended.exit()).isEqualTo(2);
    assertThat(ended.err()).contains("standard input ended before an answer to question 4, \"SSH Port of host (1)\"");
    assertThat(ended.out()).isEmpty();
  }

  @Test
  void aBadAnswerIsAskedAgainAtMostThreeTimes() {
    Run retried = run("\nx\n0\n1\n" + host("10.0.0.1", "maybe\ny", "y", "y") + CLUSTER_DEFAULTS, "config", "-p");
    assertThat(retried.exit()).as(retried.err()).isZero();
    assertThat(retried.err()).contains("[-] \"x\": expected a number of hosts from 1 to 9999; try again")
        .contains("[-] \"0\": expected a number of hosts").contains("[-] \"maybe\": expected y, yes, n or no");

    Run refused = run("\nx\n0\n-1\ntwo\n", "config", "-p");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("question 2, \"Number of Hosts\": \"two\" refused 4 times");
  }

  @Test
  void aHostAnsweredWithNoRoleIsAskedItsRolesAgain() {
    String roleless = String.join("\n", "", "1", "10.0.0.1", "", "", "", "", "n", "n", "n", "y", "y", "y") + "\n";
    Run again = run(roleless + "\n\n\n" + CLUSTER_DEFAULTS, "config", "-p");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).contains("[-] host (1) 10.0.0.1 has no role");
    assertThat(ConfigLoader.parse("cluster.yml", again.out(), Strictness.STRICT).config().nodes().get(0).roles())
        .containsExactlyInAnyOrder(Role.values());
  }

  @Test
  void onlyYOrYesAddsAnAddonUnlikeRkesAnyLetterTest() {
    String hosts = "\n1\n" + host("10.0.0.1", "y", "y", "y") + "\n".repeat(8);
    Run nope = run(hosts + "nope\nn\n", "config", "-p");
    assertThat(nope.exit()).isZero();
    assertThat(nope.err()).contains("[-] \"nope\": expected y, yes, n or no");
    Run yes = run(hosts + "yes\nhttps://example.com/a.yaml\nno\n", "config", "-p");
    assertThat(ConfigLoader.parse("cluster.yml", yes.out(), Strictness.STRICT).config().addonsInclude())
        .containsExactly("https://example.com/a.yaml");
  }

  @Test
  void aVersionForTheKubernetesImageSelectsThatVersionsImages() {
    String answers = "\n1\n" + host("10.0.0.1", "y", "y", "y") + "\n\n\n" + KubernetesVersions.WALKTHROUGH + "\n"
        + "\n".repeat(5);
    ClusterConfig config = ConfigLoader.parse("cluster.yml", run(answers, "config", "-p").out(), Strictness.STRICT)
        .config();
    assertThat(config.kubernetesVersion()).isEqualTo(KubernetesVersions.WALKTHROUGH);
    assertThat(config.systemImages()).containsEntry("kubernetes", "rancher/hyperkube:v1.13.5-rancher1")
        .containsEntry("etcd", KubernetesVersions.images(KubernetesVersions.WALKTHROUGH).orElseThrow().get("etcd"));
  }

  @Test
  void listVersionPrintsTheDefaultAndWithAllEveryVersionOldestFirst() {
    assertThat(run("", "config", "--list-version").out()).isEqualTo(KubernetesVersions.DEFAULT + "\n");
    Run all = run("", "config", "-l", "-a");
    List<String> lines = all.out().lines().toList();
    assertThat(lines).extracting(l -> l.split(" ")[0]).containsExactlyElementsOf(KubernetesVersions.known());
    assertThat(lines).as("the RKE range KDM records").contains("v1.18.12-rancher1-1  (RKE 1.1.3-rc0 – …)")
        .anyMatch(l -> l.startsWith(KubernetesVersions.DEFAULT + " ") && l.endsWith("default)"));
  }

  @Test
  void systemImagesOfTheDefaultOfAVersionAndOfAll() {
    assertThat(run("", "config", "-s").out()).contains("kubernetes: "
        + KubernetesVersions.images(KubernetesVersions.DEFAULT).orElseThrow().get("kubernetes") + "\n");
    Run walkthrough = run("", "config", "--system-images", "--version", "v1.13.5-rancher1-2");
    assertThat(walkthrough.exit()).isZero();
    assertThat(walkthrough.out().lines()).contains("kubernetes: rancher/hyperkube:v1.13.5-rancher1")
        .first().as("RKE's order: etcd first").asString().startsWith("etcd: ");
    Run all = run("", "config", "-s", "--all");
    assertThat(all.out().lines().filter(l -> !l.startsWith(" ")).map(l -> l.substring(0, l.length() - 1)))
        .as("grouped by version").containsExactlyElementsOf(KubernetesVersions.known());
  }

  @Test
  void anUnknownVersionOrAMismatchedOptionExitsTwo() {
    Run unknown = run("", "config", "-s", "--version", "v1.99.0-rancher9-9");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--version v1.99.0-rancher9-9: no such Kubernetes version");
    assertThat(run("", "config", "--version", "v1.13.5-rancher1-2").exit()).as("--version without -s").isEqualTo(2);
    assertThat(run("", "config", "-l", "-s").exit()).isEqualTo(2);
    assertThat(run("", "config", "--all").exit()).isEqualTo(2);
  }

  /** One random set of answers to every question, and what the loaded file must then say. */
  private static final class RandomAnswers {
    private final StringBuilder text = new StringBuilder();
    private final Random random;
    private final List<String> hostnames = new ArrayList<>();
    private final List<Set<Role>> roles = new ArrayList<>();
    private String plugin = "canal";

    RandomAnswers(Random random) {
      this.random = random;
      answer(pick("", "~/.ssh/cluster_key"));
      int hosts = 1 + random.nextInt(7);
      answer(sometimes("x"), sometimes("0"), hosts == 1 && random.nextBoolean() ? "" : Integer.toString(hosts));
      for (int i = 1; i <= hosts; i++) {
        host(i);
      }
      String chosen = pick("", "flannel", "Calico", "weave", "canal");
      plugin = chosen.isEmpty() ? "canal" : chosen.toLowerCase(Locale.ROOT);
      answer(sometimes("cilium"), chosen);
      answer(pick("", "x509"));
      answer(pick("", "rbac", "none"));
      answer(sometimes("v1.99.0"), pick("", KubernetesVersions.DEFAULT, KubernetesVersions.WALKTHROUGH,
          "registry.example/hyperkube:v1.28.1"));
      answer(pick("", "cluster.local", "example.internal"));
      boolean wideServices = random.nextBoolean();
      answer(wideServices ? "10.96.0.0/12" : pick("", "10.43.0.0/16"));
      answer(sometimes(wideServices ? "10.100.0.0/16" : "10.43.0.0/24"), pick("", "10.244.0.0/16"));
      answer(sometimes("10.200.0.10"), pick("", wideServices ? "10.96.0.10" : "10.43.0.53"));
      if (random.nextBoolean()) {
        answer("y", "https://example.com/addon.yaml", "yes", "manifests/extra.yaml", "n");
      } else {
        answer(pick("", "n", "no"));
      }
    }

    private void host(int i) {
      boolean ipv6 = random.nextInt(6) == 0;
      String address = ipv6 ? "fd00::" + i : random.nextBoolean() ? "10.0.0." + i : "node" + i + ".example.com";
      answer(address);
      answer(sometimes("0"), pick("", "22", Integer.toString(1 + random.nextInt(65535))));
      String keyPath = pick("", "~/.ssh/node_key");
      answer(keyPath);
      if (keyPath.isEmpty()) {
        answer(pick("", "inline-private-key-" + i));
      }
      answer(pick("", "rke", "root"));
      Set<Role> these = EnumSet.noneOf(Role.class);
      for (int round = 0; these.isEmpty(); round++) {  // all no: the role questions are asked again
        for (Role role : List.of(Role.CONTROLPLANE, Role.WORKER, Role.ETCD)) {
          String yesNo = round == 3 ? "y" : pick("", "y", "Y", "yes", "n", "No");
          boolean yes = yesNo.isEmpty() ? role == Role.CONTROLPLANE : yesNo.toLowerCase(Locale.ROOT).startsWith("y");
          answer(sometimes("maybe"), yesNo);
          if (yes) {
            these.add(role);
          }
        }
      }
      roles.add(these);
      String override = ipv6 || random.nextBoolean() ? "Node-" + i + "-Ab" : "";
      answer(override);
      hostnames.add(override.isEmpty() ? address : override.toLowerCase(Locale.ROOT));
      answer(sometimes("10.0.0.300"), pick("", "192.168.1." + i));
      answer(pick("", "/run/docker.sock"));
    }

    /** The answers, one a line; a bad answer first, when there is one, to be asked again. */
    private void answer(String... lines) {
      for (String line : lines) {
        if (line != null) {
          text.append(line).append('\n');
        }
      }
    }

    private String sometimes(String bad) {
      return random.nextInt(5) == 0 ? bad : null;
    }

    private String pick(String... choices) {
      return choices[random.nextInt(choices.length)];
    }

    String text() {
      return text.toString();
    }

    boolean makeACluster() {
      Set<Role> all = EnumSet.noneOf(Role.class);
      roles.forEach(all::addAll);
      return all.containsAll(EnumSet.allOf(Role.class));
    }

    void check(ClusterConfig config, String context) {
      assertThat(config.nodes()).as(context).extracting(NodeConfig::hostname).containsExactlyElementsOf(hostnames);
      assertThat(config.nodes()).as(context).extracting(NodeConfig::roles).containsExactlyElementsOf(roles);
      assertThat(config.network().plugin()).as(context).isEqualTo(plugin);
    }
  }
}
