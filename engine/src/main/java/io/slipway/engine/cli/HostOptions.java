package io.slipway.engine.cli;

import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.pki.KeyType;
import io.slipway.engine.up.UpOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that deploys onto hosts shares: parallelism, host-key and Docker version checks. */
public final class HostOptions {

  @Option(names = "--parallelism", defaultValue = "50", description = "Steps running at once (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--known-hosts", paramLabel = "FILE",
      description = "known_hosts to verify nodes against (default ~/.ssh/known_hosts).")
  Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");

  @Option(names = "--ssh-trust-on-first-use",
      description = "Accept and remember the host key of a node known_hosts does not list.")
  boolean trustOnFirstUse;

  @Option(names = "--ignore-docker-version",
      description = "Deploy onto hosts whose Docker release is not on the supported list.")
  boolean ignoreDockerVersion;

  @Option(names = "--key-type", defaultValue = "RSA_2048", paramLabel = "TYPE",
      description = "Key type of newly issued certificates: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}, as "
          + "RKE; ECDSA_P256 issues a cluster's certificates about eighty times faster).")
  KeyType keyType;

  UpOptions upOptions(Path clusterFile) {
    return UpOptions.beside(clusterFile, knownHosts,
        trustOnFirstUse ? HostKeyPolicy.TRUST_ON_FIRST_USE : HostKeyPolicy.VERIFY, parallelism)
        .ignoringDockerVersion(ignoreDockerVersion).withKeyType(keyType);
  }
}
