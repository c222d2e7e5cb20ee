package io.slipway.scenarios.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An operator's cluster as the audit sees it: each node under the name its fake node gets
 * (hostname_override, else the address, as a DNS label), the addresses in
 * {@code authentication.sans} that are no node's (each a load balancer in front of the
 * controlplane), the DNS names there, and the arithmetic of its failure tolerance.
 */
public record Topology(Path source, ClusterConfig config, JsonNode tree, List<Member> members, List<String> lbAddresses,
    List<String> sanNames, boolean floatingAddress) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** One node of the file: its fake node's name, its entry and index in {@code nodes}. */
  public record Member(String name, NodeConfig node, int index) {
    public Set<Role> roles() {
      return node.roles();
    }

    public boolean has(Role role) {
      return node.has(role);
    }
  }

  public Topology {
    members = List.copyOf(members);
    lbAddresses = List.copyOf(lbAddresses);
    sanNames = List.copyOf(sanNames);
  }

  /** The topology of a loaded, valid cluster.yml ({@code tree} is its parsed document). */
  public static Topology of(Path source, ClusterConfig config, JsonNode tree, boolean floatingAddress) {
    List<Member> members = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    Set<String> nodeAddresses = new HashSet<>();
    for (int i = 0; i < config.nodes().size(); i++) {
      NodeConfig node = config.nodes().get(i);
      String name = label(node.hostname());
      for (int n = 2; !taken.add(name); n++) {
        name = label(node.hostname()) + "-" + n;
      }
      members.add(new Member(name, node, i));
      nodeAddresses.add(node.address());
      if (node.internalAddress() != null) {
        nodeAddresses.add(node.internalAddress());
      }
    }
    Set<String> lbs = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (String san : config.authentication().sans()) {
      if (Addresses.isIp(san)) {
        if (!nodeAddresses.contains(san)) {
          lbs.add(san);
        }
      } else {
        names.add(san);
      }
    }
    return new Topology(source, config, tree, members, List.copyOf(lbs), List.copyOf(names), floatingAddress);
  }

  /** {@code text} as a DNS-1123 label: lower case, anything else a dash, at most 63 characters. */
  static String label(String text) {
    String label = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    label = label.length() > 60 ? label.substring(0, 60).replaceAll("-+$", "") : label;
    return label.isEmpty() || !DNS_LABEL.matcher(label).matches() ? "node" : label;
  }

  public List<Member> with(Role role) {
    return members.stream().filter(m -> m.has(role)).toList();
  }

  public int etcd() {
    return with(Role.ETCD).size();
  }

  /** Members etcd needs for a quorum: a majority. */
  public int quorum() {
    return etcd() / 2 + 1;
  }

  /** How many etcd members may be lost with writes going on. */
  public int tolerates() {
    return (etcd() - 1) / 2;
  }

  public int controlplane() {
    return with(Role.CONTROLPLANE).size();
  }

  public int workers() {
    return with(Role.WORKER).size();
  }

  /** Load balancers in the fleet: a keepalived pair with a floating address, else one per LB address. */
  public int loadBalancers() {
    return lbAddresses.isEmpty() ? 0 : floatingAddress ? 2 : lbAddresses.size();
  }

  /** The first controlplane node: the kubeconfig's server, and where clients go without a load balancer. */
  public Member firstControlplane() {
    return with(Role.CONTROLPLANE).get(0);
  }

  /** The topology in one line: counts, quorum, load balancers. */
  public String describe() {
    String lb = lbAddresses.isEmpty() ? "no load balancer (clients use " + firstControlplane().name() + "'s address)"
        : floatingAddress ? "a keepalived pair of load balancers holding " + String.join(", ", lbAddresses)
        : plural(lbAddresses.size(), "load balancer") + " (" + String.join(", ", lbAddresses) + ")";
    return String.format("%s (quorum %d, %s), %s, %s, %s", plural(etcd(), "etcd member"), quorum(),
        tolerates() == 0 ? "no member can be lost" : "survives losing " + tolerates(),
        plural(controlplane(), "controlplane node"), plural(workers(), "worker"), lb);
  }

  /** The single points of failure, in words, each with what losing it stops. */
  public List<String> singlePointsOfFailure() {
    List<String> found = new ArrayList<>();
    List<Member> etcd = with(Role.ETCD);
    if (etcd.size() == 1) {
      found.add("one etcd member (" + etcd.get(0).name() + "): losing it stops every write and every read");
    } else if (etcd.size() == 2) {
      found.add("2 etcd members (" + names(etcd) + "): losing either stops all writes (a quorum of 2 needs both)");
    }
    List<Member> cp = with(Role.CONTROLPLANE);
    if (cp.size() == 1) {
      found.add("one controlplane node (" + cp.get(0).name() + "): losing it stops the API, the scheduler and the "
          + "controllers");
    }
    if (lbAddresses.isEmpty()) {
      if (cp.size() > 1) {
        found.add("no load balancer: clients reach the API at " + firstControlplane().node().address() + " ("
            + firstControlplane().name() + ", the kubeconfig's server); losing it stops them while the other "
            + "apiservers run on");
      }
    } else if (!floatingAddress) {
      for (String address : lbAddresses) {
        found.add("one load balancer at " + address + ": losing it stops every client that uses that address");
      }
    }
    List<Member> workers = with(Role.WORKER);
    if (workers.size() == 1) {
      found.add("one worker (" + workers.get(0).name() + "): losing it stops every workload");
    }
    return found;
  }

  /** Notes that are no single point of failure but bear on tolerance (an even etcd count). */
  public List<String> notes() {
    return etcd() >= 4 && etcd() % 2 == 0 ? List.of(etcd() + " etcd members tolerate no more failures than "
        + (etcd() - 1) + ": the extra member adds load, not tolerance") : List.of();
  }

  static String plural(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  static String names(List<Member> members) {
    return members.stream().map(Member::name).collect(Collectors.joining(", "));
  }
}
