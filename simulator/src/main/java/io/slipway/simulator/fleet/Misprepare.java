package io.slipway.simulator.fleet;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A way a node can be left unprepared for a cluster, as the walkthrough's checklist warns of, and
 * how a fake node is put in that state and back: swap on, the ports the roles use blocked by a
 * firewall, the deploying key missing from {@code authorized_keys}.
 */
public enum Misprepare {
  /** {@code /proc/swaps} lists a swap file (bound over the real one), as on a machine with swap on. */
  SWAP("swap on",
      "printf 'Filename\\t\\t\\t\\tType\\t\\tSize\\t\\tUsed\\t\\tPriority\\n/swapfile\\t\\t\\t\\tfile\\t\\t2097148\\t\\t0\\t\\t-2\\n'"
          + " > /run/slipway-swaps && mount --bind /run/slipway-swaps /proc/swaps",
      "umount /proc/swaps"),
  /** A firewall drops what comes in on etcd's, the apiserver's and the kubelet's ports. */
  PORT_CLOSED("a firewall dropping TCP 2379, 2380, 6443 and 10250",
      "iptables -I INPUT -p tcp -m multiport --dports 2379,2380,6443,10250 -j DROP",
      "iptables -D INPUT -p tcp -m multiport --dports 2379,2380,6443,10250 -j DROP"),
  /** The fleet's key is in no {@code authorized_keys} of the node (root's, or its user's). */
  NO_KEY("the deploying key missing from authorized_keys",
      "for f in /root/.ssh/authorized_keys /home/*/.ssh/authorized_keys; do [ -f \"$f\" ] && mv \"$f\" \"$f.slipway-off\";"
          + " done; true",
      "for f in /root/.ssh/authorized_keys.slipway-off /home/*/.ssh/authorized_keys.slipway-off; do"
          + " [ -f \"$f\" ] && mv \"$f\" \"${f%.slipway-off}\"; done; true");

  private final String describe;
  private final String apply;
  private final String undo;

  Misprepare(String describe, String apply, String undo) {
    this.describe = describe;
    this.apply = apply;
    this.undo = undo;
  }

  public String describe() {
    return describe;
  }

  /** The shell command, run on the node's console, that leaves it unprepared this way. */
  String apply() {
    return apply;
  }

  /** The shell command that prepares it again. */
  String undo() {
    return undo;
  }

  /** As written in scenario files and on the command line: {@code swap}, {@code port-closed}, {@code no-key}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Misprepare> parse(String text) {
    return Stream.of(values()).filter(m -> m.key().equals(text)).findFirst();
  }

  public static String choices() {
    return Stream.of(values()).map(Misprepare::key).collect(Collectors.joining(", "));
  }
}
