package io.slipway.engine.up;

import io.slipway.engine.SlipwayException;
import io.slipway.engine.host.Host;
import io.slipway.engine.plan.ContainerSpec;
import io.slipway.engine.plan.Observed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Guards against RKE's most painful failure: a lost state file. Without it {@code up} would make
 * a new CA and hand nodes certificates their running etcd and apiservers reject ("tls: bad
 * certificate"). So when the state holds no certificates but a node already runs
 * Slipway-managed containers or holds a cluster CA, the run stops before anything changes.
 */
final class ExistingCluster {

  static final String SSL_DIR = "/etc/kubernetes/ssl";
  static final String CA_FILE = SSL_DIR + "/kube-ca.pem";

  private ExistingCluster() {
  }

  static void refuseIfFound(Map<String, Host> hosts, Observed observed, Path stateFile, int parallelism) {
    List<String> found = SideBySide.map(List.copyOf(hosts.entrySet()), entry -> {
      String name = entry.getKey();
      int containers = observed.on(name).size();
      boolean ca = entry.getValue().exec("test -e " + CA_FILE, Duration.ofSeconds(10)).exitCode() == 0;
      return containers > 0 || ca ? name + " (" + (containers > 0 ? containers + " cluster containers" : "")
          + (containers > 0 && ca ? ", " : "") + (ca ? CA_FILE : "") + ")" : null;
    }, parallelism, "slipway-existing-cluster").stream().filter(Objects::nonNull).toList();
    if (!found.isEmpty()) {
      throw new StateLostException(stateFile, found);
    }
  }

  /** The state file is missing (or holds no certificates) while nodes run a cluster. */
  static final class StateLostException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    StateLostException(Path stateFile, List<String> nodes) {
      super(stateFile + " holds no certificates, but nodes already run a cluster: " + String.join(", ", nodes)
          + ". Deploying now would issue a new CA that the running cluster rejects; nothing was changed.");
    }

    @Override
    public String hint() {
      return "rebuild the state file from the cluster with `slipway util get-state-file`, or restore it from a "
          + "backup, and run again; or, to start a new cluster on these nodes, "
          + "remove the old one from each node first (the containers labelled " + ContainerSpec.MANAGED_LABEL
          + "=true, /etc/kubernetes and /var/lib/etcd)";
    }
  }
}
