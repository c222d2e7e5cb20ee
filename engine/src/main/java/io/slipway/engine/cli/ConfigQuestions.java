package io.slipway.engine.cli;

import io.slipway.engine.BadInputException;
import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.Cidr;
import io.slipway.engine.config.ClusterFileWriter.Answers;
import io.slipway.engine.config.ClusterFileWriter.Host;
import io.slipway.engine.config.Defaults;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The questions of {@code rke config} (rke's cmd/config.go), in its order and with its defaults:
 * one answer per line of input, an empty line for the default, each prompt written as
 * {@code [+] Question [default]: } to the prompt stream (stderr, so that a printed file keeps
 * stdout to itself). Stricter than RKE: an answer that would make the file invalid (an address
 * that is none, a port of 0, a hostname two hosts share, a role answer that is not y/n) is
 * refused and asked again, at most {@link #RETRIES} more times; input that ends early, or a
 * question never answered well, is a {@link BadInputException} naming the question.
 */
final class ConfigQuestions {

  /** How many times a refused answer is asked again before giving up. */
  static final int RETRIES = 3;

  private static final Set<String> YES = Set.of("y", "yes");
  private static final Set<String> NO = Set.of("n", "no");

  private final BufferedReader in;
  private final PrintWriter prompts;
  private int asked;

  ConfigQuestions(BufferedReader in, PrintWriter prompts) {
    this.in = in;
    this.prompts = prompts;
  }

  /** Why an answer cannot be used, or empty when it can. */
  @FunctionalInterface
  private interface Check {
    Optional<String> problem(String answer);

    Check ANY = answer -> Optional.empty();
  }

  /** Asks every question and returns the answers; throws {@link BadInputException} as said above. */
  Answers ask() {
    String clusterKeyPath = ask("Cluster Level SSH Private Key Path", Defaults.SSH_KEY_PATH, ConfigQuestions::nonEmpty);
    int count = Integer.parseInt(ask("Number of Hosts", "1", a -> a.matches("0*[1-9]\\d{0,3}") ? Optional.empty()
        : Optional.of("expected a number of hosts from 1 to 9999")));
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      hosts.add(new HostQuestions(i, clusterKeyPath, List.copyOf(hosts)).ask());
    }
    String plugin = choice("Network Plugin Type (flannel, calico, weave, canal, aci)", Defaults.NETWORK_PLUGIN,
        Defaults.NETWORK_PLUGINS);
    String authentication = choice("Authentication Strategy", Defaults.AUTHENTICATION, Defaults.AUTHENTICATIONS);
    String authorization = choice("Authorization Mode (rbac, none)", Defaults.AUTHORIZATION,
        Defaults.AUTHORIZATIONS);
    String defaultImage = KubernetesVersions.images(KubernetesVersions.DEFAULT).orElseThrow().get("kubernetes");
    String image = ask("Kubernetes Docker image", defaultImage, ConfigQuestions::kubernetesImage);
    String domain = ask("Cluster domain", Defaults.CLUSTER_DOMAIN,
        a -> Addresses.isDnsName(a) ? Optional.empty() : Optional.of("expected a DNS domain such as cluster.local"));
    Cidr services = Cidr.parse(ask("Service Cluster IP Range", Defaults.SERVICE_RANGE, a -> cidr(a, Optional.empty())))
        .orElseThrow();
    String pods = ask("Cluster Network CIDR", Defaults.POD_RANGE, a -> cidr(a, Optional.of(services)));
    // RKE's default is 10.43.0.10 whatever the range; the tenth address of the range is that for RKE's range
    String dns = ask("Cluster DNS Service IP", services.address(10), a -> clusterDns(a, services));
    List<String> addons = new ArrayList<>();
    boolean more = yes("Add addon manifest URLs or YAML files", "no");
    while (more) {
      addons.add(ask("Enter the Path or URL for the manifest", "", ConfigQuestions::nonEmpty));
      more = yes("Add another addon", "no");
    }
    // An answer that is a version selects that version's images (RKE looks the answer up by version);
    // Slipway also names the version, so that its flags are that version's too.
    String version = KubernetesVersions.isKnown(image) ? image : "";
    return new Answers(clusterKeyPath, hosts, plugin, authentication, authorization, version, images(image), domain,
        services.toString(), Cidr.parse(pods).orElseThrow().toString(), dns, addons);
  }

  /** A version's images; for an image, the default version's with that {@code kubernetes} image. */
  private static Map<String, String> images(String versionOrImage) {
    if (KubernetesVersions.isKnown(versionOrImage)) {
      return KubernetesVersions.images(versionOrImage).orElseThrow();
    }
    Map<String, String> images = new HashMap<>(KubernetesVersions.images(KubernetesVersions.DEFAULT).orElseThrow());
    images.put("kubernetes", versionOrImage);
    return images;
  }

  /** The questions about host {@code (index)}, checked against the hosts before it. */
  private final class HostQuestions {
    private final int index;
    private final String clusterKeyPath;
    private final List<Host> earlier;

    HostQuestions(int index, String clusterKeyPath, List<Host> earlier) {
      this.index = index;
      this.clusterKeyPath = clusterKeyPath;
      this.earlier = earlier;
    }

    Host ask() {
      String address = ConfigQuestions.this.ask("SSH Address of host (" + index + ")", "",
          a -> a.isEmpty() ? Optional.of("a host needs an address") : Addresses.problem(a));
      String port = ConfigQuestions.this.ask("SSH Port of host (" + index + ")",
          Integer.toString(Defaults.SSH_PORT), p -> port(address, p));
      String of = " of host (" + address + ")";
      String keyPath = ConfigQuestions.this.ask("SSH Private Key Path" + of, "", Check.ANY);
      String key = "";
      if (keyPath.isEmpty()) {
        prompts.println("[-] You have entered empty SSH key path, trying fetch from SSH key parameter");
        key = ConfigQuestions.this.ask("SSH Private Key" + of, "", Check.ANY);  // never echoed nor quoted back
        if (key.isEmpty()) {
          prompts.println("[-] You have entered empty SSH key, defaulting to cluster level SSH key: " + clusterKeyPath);
          keyPath = clusterKeyPath;
        }
      }
      String user = ConfigQuestions.this.ask("SSH User" + of, "ubuntu", ConfigQuestions::oneWord);
      Set<Role> roles = roles(address);
      String hostname = ConfigQuestions.this.ask("Override Hostname" + of, "", o -> hostname(address, o));
      String internal = ConfigQuestions.this.ask("Internal IP" + of, "",
          a -> (a.isEmpty() ? Optional.<String>empty() : Addresses.problem(a)).or(() -> etcdPeer(roles, address, a)));
      String socket = ConfigQuestions.this.ask("Docker socket path on host (" + address + ")",
          Defaults.DOCKER_SOCKET,
          ConfigQuestions::nonEmpty);
      return new Host(address, port, keyPath, key, user, roles, hostname, internal, socket);
    }

    /** RKE's three role questions, asked again (at most {@link #RETRIES} times) while every answer is no. */
    private Set<Role> roles(String address) {
      for (int round = 0; ; round++) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        // RKE's order and defaults: control plane yes, worker no, etcd no
        for (Map.Entry<Role, String> role : List.of(Map.entry(Role.CONTROLPLANE, "a Control Plane host"),
            Map.entry(Role.WORKER, "a Worker host"), Map.entry(Role.ETCD, "an etcd host"))) {
          String shownDefault = role.getKey() == Role.CONTROLPLANE ? "y" : "n";
          if (yes("Is host (" + address + ") " + role.getValue() + " (y/n)?", shownDefault)) {
            roles.add(role.getKey());
          }
        }
        if (!roles.isEmpty()) {
          return roles;
        }
        String problem = "host (" + index + ") " + address + " has no role, and a node needs at least one of "
            + "controlplane, worker and etcd";
        if (round == RETRIES) {
          throw new BadInputException(problem + "; gave up after " + (RETRIES + 1) + " rounds of role questions");
        }
        prompts.println("[-] " + problem + "; the role questions again");
      }
    }

    private Optional<String> port(String address, String port) {
      if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
        return Optional.of("expected a TCP port from 1 to 65535");
      }
      return earlierHost(h -> h.address().equals(address) && h.port().equals(port))
          .map(j -> "host (" + j + ") is " + address + " port " + port + " already");
    }

    /** The node name is the lower-cased override, else the address (rke's cluster/defaults.go). */
    private Optional<String> hostname(String address, String override) {
      String name = override.isEmpty() ? address : override.toLowerCase(Locale.ROOT);
      String what = override.isEmpty() ? "the node name (the address, as no override is given) " : "the node name ";
      if (!name.equals(name.toLowerCase(Locale.ROOT)) || !(Addresses.isDnsName(name) || Addresses.isIpv4(name))) {
        return Optional.of(what + "\"" + name + "\" is not a DNS-1123 subdomain; give an override of lower-case "
            + "letters, digits, '-' and '.'");
      }
      return earlierHost(h -> nodeName(h).equals(name))
          .map(j -> what + "\"" + name + "\" is host (" + j + ")'s already; give another override");
    }

    private Optional<String> etcdPeer(Set<Role> roles, String address, String internal) {
      String peer = internal.isEmpty() ? address : internal;
      return roles.contains(Role.ETCD)
          ? earlierHost(h -> h.roles().contains(Role.ETCD) && peerAddress(h).equals(peer))
              .map(j -> "etcd host (" + j + ") has the internal address " + peer + " already; two etcd members "
                  + "cannot share a peer address")
          : Optional.empty();
    }

    /** The 1-based number of the first earlier host that matches. */
    private Optional<Integer> earlierHost(Predicate<Host> matches) {
      for (int j = 0; j < earlier.size(); j++) {
        if (matches.test(earlier.get(j))) {
          return Optional.of(j + 1);
        }
      }
      return Optional.empty();
    }
  }

  private static String nodeName(Host h) {
    return h.hostnameOverride().isEmpty() ? h.address() : h.hostnameOverride().toLowerCase(Locale.ROOT);
  }

  private static String peerAddress(Host h) {
    return h.internalAddress().isEmpty() ? h.address() : h.internalAddress();
  }

  private boolean yes(String question, String shownDefault) {
    String answer = ask(question, shownDefault, a -> YES.contains(a.toLowerCase(Locale.ROOT))
        || NO.contains(a.toLowerCase(Locale.ROOT)) ? Optional.empty() : Optional.of("expected y, yes, n or no"));
    return YES.contains(answer.toLowerCase(Locale.ROOT));
  }

  private String choice(String question, String defaultValue, List<String> choices) {
    return ask(question, defaultValue, a -> choices.contains(a.toLowerCase(Locale.ROOT)) ? Optional.empty()
        : Optional.of("expected " + String.join(", ", choices))).toLowerCase(Locale.ROOT);
  }

  /**
   * Asks until {@code check} accepts the answer, at most {@link #RETRIES} more times. An empty
   * line is {@code defaultValue}; surrounding blanks are trimmed.
   */
  private String ask(String question, String defaultValue, Check check) {
    asked++;
    for (int attempt = 0; ; attempt++) {
      prompts.print("[+] " + question + " [" + (defaultValue.isEmpty() ? "none" : defaultValue) + "]: ");
      prompts.flush();
      String line = readLine();
      if (line == null) {
        prompts.println();  // end the unanswered prompt's line before the error
        throw new BadInputException("standard input ended before an answer to question " + asked + ", \"" + question
            + "\"; give one line per question (an empty line takes the default)");
      }
      String answer = line.isBlank() ? defaultValue : line.strip();
      Optional<String> problem = check.problem(answer);
      if (problem.isEmpty()) {
        return answer;
      }
      if (attempt == RETRIES) {
        throw new BadInputException("question " + asked + ", \"" + question + "\": " + quoted(answer) + " refused "
            + (RETRIES + 1) + " times, last because " + problem.get());
      }
      prompts.println("[-] " + quoted(answer) + ": " + problem.get() + "; try again");
    }
  }

  private String readLine() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the answer to question " + asked + " from standard input", e);
    }
  }

  private static String quoted(String answer) {
    String shown = answer.length() > 60 ? answer.substring(0, 60) + "…" : answer;
    return answer.isEmpty() ? "an empty answer" : "\"" + shown + "\"";
  }

  private static Optional<String> nonEmpty(String answer) {
    return answer.isEmpty() ? Optional.of("expected a value") : Optional.empty();
  }

  private static Optional<String> oneWord(String answer) {
    return answer.isEmpty() || answer.chars().anyMatch(Character::isWhitespace)
        ? Optional.of("expected a value without blanks") : Optional.empty();
  }

  private static Optional<String> kubernetesImage(String answer) {
    if (answer.matches("v?\\d+\\.\\d+[^/:]*") && !KubernetesVersions.isKnown(answer)) {
      return Optional.of("no Kubernetes version is called that (slipway config --list-version --all lists them); "
          + "give a version or an image such as " + KubernetesVersions.images(KubernetesVersions.DEFAULT).orElseThrow()
          .get("kubernetes"));
    }
    return oneWord(answer);
  }

  private static Optional<String> cidr(String answer, Optional<Cidr> disjointFrom) {
    Optional<Cidr> cidr = Cidr.parse(answer);
    if (cidr.isEmpty()) {
      return Optional.of("expected an IPv4 network in CIDR notation with zero host bits, such as 10.43.0.0/16");
    }
    return disjointFrom.filter(cidr.get()::overlaps)
        .map(other -> "overlaps the service range " + other + "; pick a disjoint range");
  }

  private static Optional<String> clusterDns(String answer, Cidr services) {
    Optional<Long> address = Cidr.parseAddress(answer);
    if (address.isEmpty()) {
      return Optional.of("expected an IPv4 address");
    }
    return services.contains(address.get()) ? Optional.empty()
        : Optional.of("outside the service range " + services + "; pick an address inside it");
  }
}
