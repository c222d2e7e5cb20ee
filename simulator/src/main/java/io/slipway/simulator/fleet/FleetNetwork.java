package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Network;
import io.slipway.engine.config.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fleet's bridge network with a /24 of its own under 10.210.0.0/16, so that every node gets
 * a fixed address (.11 upward) it keeps across restarts and reconnects; the registry is .2,
 * load balancers .3–.10. The lower half of the /24 is Docker's to hand out; .128–.254 stay free
 * for floating addresses (keepalived), of which the fleet uses .200.
 */
record FleetNetwork(String id, String name, String prefix) {

  static final int MAX_NODES = 100;
  static final int MAX_LOAD_BALANCERS = 8;
  private static final int FIRST_NODE_HOST = 11;

  /**
   * Refuses, before Docker is asked anything, a fleet that cannot fit a network (too many nodes
   * or load balancers) or whose name is longer than {@link FleetSpec#MAX_NAME}.
   */
  static void checkFits(FleetSpec spec) {
    if (spec.nodes().size() > MAX_NODES) {
      throw new FleetException("fleet " + spec.name() + " has " + spec.nodes().size() + " nodes; at most "
          + MAX_NODES + " fit its network");
    }
    if (spec.loadBalancers().size() > MAX_LOAD_BALANCERS) {
      throw new FleetException("fleet " + spec.name() + " has " + spec.loadBalancers().size()
          + " load balancers; at most " + MAX_LOAD_BALANCERS + " fit its network");
    }
    if (spec.name().length() > FleetSpec.MAX_NAME) {
      throw new FleetException("fleet name " + spec.name() + " is longer than " + FleetSpec.MAX_NAME + " characters");
    }
  }

  /** Creates the network on the first free /24; fails when the name is taken or none is free. */
  static FleetNetwork create(DockerClient docker, String name, Map<String, String> labels) {
    return create(docker, name, labels, false);
  }

  /**
   * As {@link #create(DockerClient, String, Map)}; with {@code overlay}, a swarm overlay network
   * under 10.212.0.0/16 that plain containers of every engine of the swarm attach to. Its
   * dynamic range is the upper half (the swarm takes an address there for each engine that
   * joins the network), clear of the fixed addresses every container of the fleet is given.
   */
  static FleetNetwork create(DockerClient docker, String name, Map<String, String> labels, boolean overlay) {
    int start = Math.floorMod(name.hashCode(), 250);
    for (int i = 0; i < 250; i++) {
      String prefix = (overlay ? "10.212." : "10.210.") + ((start + i) % 250);
      try {
        String id = docker.createNetworkCmd().withName(name).withDriver(overlay ? "overlay" : "bridge")
            .withAttachable(overlay ? true : null).withLabels(labels)
            .withCheckDuplicate(true)
            .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config()
                .withSubnet(prefix + ".0/24").withIpRange(prefix + (overlay ? ".128/25" : ".0/25"))
                .withGateway(prefix + ".1")))
            .exec().getId();
        return new FleetNetwork(id, name, prefix);
      } catch (ConflictException e) {
        throw new FleetException("a Docker network named " + name + " exists already; "
            + "is a fleet of that name running? (slipway fleet ls)", e);
      } catch (DockerException e) {
        if (e.getMessage() == null || !e.getMessage().contains("overlap")) {
          throw e;
        }
        // that /24 is in use by another network; try the next
      }
    }
    throw new FleetException("no free /24 left under " + (overlay ? "10.212" : "10.210") + ".0.0/16 for fleet network "
        + name);
  }

  String registryAddress() {
    return prefix + ".2";
  }

  String loadBalancerAddress(int index) {
    if (index >= MAX_LOAD_BALANCERS) {
      throw new FleetException("a fleet holds at most " + MAX_LOAD_BALANCERS + " load balancers");
    }
    return prefix + "." + (3 + index);
  }

  /** Outside the range Docker allocates from, so no container is ever given it. */
  String floatingAddress() {
    return prefix + ".200";
  }

  /** The addresses of {@code spec}'s controlplane nodes on this network, in the order of the spec. */
  List<String> controlplaneAddresses(FleetSpec spec) {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < spec.nodes().size(); i++) {
      if (spec.nodes().get(i).roles().contains(Role.CONTROLPLANE)) {
        addresses.add(nodeAddress(i));
      }
    }
    return addresses;
  }

  String nodeAddress(int index) {
    if (index >= MAX_NODES) {
      throw new FleetException("a fleet holds at most " + MAX_NODES + " nodes");
    }
    return prefix + "." + (FIRST_NODE_HOST + index);
  }
}
