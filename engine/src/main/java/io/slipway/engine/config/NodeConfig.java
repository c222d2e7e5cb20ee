package io.slipway.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code nodes[]} entry of cluster.yml, with RKE's key names. After {@link Defaults},
 * port, internal address, hostname and docker socket are always set.
 */
public record NodeConfig(
    String address,
    String port,
    @JsonProperty("internal_address") String internalAddress,
    String user,
    List<String> role,
    @JsonProperty("hostname_override") String hostnameOverride,
    @JsonProperty("ssh_key") String sshKey,
    @JsonProperty("ssh_key_path") String sshKeyPath,
    @JsonProperty("ssh_cert") String sshCert,
    @JsonProperty("ssh_cert_path") String sshCertPath,
    @JsonProperty("docker_socket") String dockerSocket,
    Map<String, String> labels,
    List<Taint> taints,
    @NotActedOn("RKE and Slipway use the cluster-level ssh_agent_auth for every node")
    @JsonProperty("ssh_agent_auth") Boolean sshAgentAuth,
    @NotActedOn("a Rancher node reference; Slipway names the node by hostname_override or address")
    @JsonProperty("nodeName") String nodeName) {

  /** A {@code taints[]} entry: key, value and effect as Kubernetes spells them. */
  public record Taint(String key, String value, String effect,
      @NotActedOn("Kubernetes sets the time a taint was added") @JsonProperty("timeAdded") String timeAdded) {

    public Taint(String key, String value, String effect) {
      this(key, value, effect, null);
    }
  }

  /** The roles this node has; unknown spellings are left out (the validator reports them). */
  public Set<Role> roles() {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    if (role != null) {
      role.forEach(r -> Role.parse(r).ifPresent(roles::add));
    }
    return roles;
  }

  public boolean has(Role r) {
    return role != null && role.contains(r.yamlName());  // as roles(), without building the set
  }

  /** The node's name in Kubernetes: hostname_override, else the address. */
  public String hostname() {
    return hostnameOverride != null && !hostnameOverride.isEmpty() ? hostnameOverride : address;
  }

  @Override
  public String toString() {  // ssh_key may hold a private key: never print it
    return "NodeConfig[address=" + address + ", port=" + port + ", internal_address=" + internalAddress + ", user="
        + user + ", role=" + role + ", hostname_override=" + hostnameOverride + ", ssh_key_path=" + sshKeyPath + "]";
  }

  /** SSH port as a number (RKE writes it as a string); 22 when unset. */
  public int sshPort() {
    return port == null || port.isBlank() ? Defaults.SSH_PORT : Integer.parseInt(port.trim());
  }
}
