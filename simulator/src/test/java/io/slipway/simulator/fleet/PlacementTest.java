package io.slipway.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.engine.config.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {

  private static final Set<Role> MASTER = Set.of(Role.CONTROLPLANE, Role.ETCD);
  private static final Set<Role> WORKER = Set.of(Role.WORKER);

  @Test
  void theReferenceTopologyOnThreeEnginesPutsOneMasterOnEach() {
    List<Integer> placed = Placement.of(reference(), List.of(1, 1, 1));

    assertThat(placed.subList(0, 3)).containsExactly(0, 1, 2);
    assertThat(Collections.frequency(placed, 0) + Collections.frequency(placed, 1)).isEqualTo(5);
    assertThat(placed.subList(3, 7)).containsExactly(0, 1, 2, 0);
  }

  @Test
  void onTwoEnginesTheWorkersLeanToTheEngineWithFewerMasters() {
    List<Integer> placed = Placement.of(reference(), List.of(1, 1));

    assertThat(placed.subList(0, 3)).containsExactly(0, 1, 0);
    assertThat(placed.subList(3, 7)).containsExactly(1, 1, 0, 1);
  }

  @Test
  void weightsShareTheNodesOut() {
    List<NodeSpec> workers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      workers.add(node("worker-" + i, WORKER));
    }

    List<Integer> placed = Placement.of(workers, List.of(1, 2, 3));

    assertThat(Collections.frequency(placed, 0)).isEqualTo(2);
    assertThat(Collections.frequency(placed, 1)).isEqualTo(4);
    assertThat(Collections.frequency(placed, 2)).isEqualTo(6);
  }

  @Test
  void etcdOnlyAndControlplaneOnlyNodesAreSpreadLikeMasters() {
    List<NodeSpec> nodes = List.of(node("w", WORKER), node("etcd-1", Set.of(Role.ETCD)),
        node("cp-1", Set.of(Role.CONTROLPLANE)), node("etcd-2", Set.of(Role.ETCD)));

    List<Integer> placed = Placement.of(nodes, List.of(1, 1, 1));

    assertThat(placed.subList(1, 4)).containsExactly(0, 1, 2);
    assertThat(placed.get(0)).as("a tie goes to the engine listed first").isEqualTo(0);
  }

  @Test
  void oneEngineTakesEverything() {
    assertThat(Placement.of(reference(), List.of(5))).containsOnly(0);
  }

  @Test
  void noEngineIsRefused() {
    assertThatThrownBy(() -> Placement.of(reference(), List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<NodeSpec> reference() {
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      nodes.add(node("master-" + i, MASTER));
    }
    for (int i = 1; i <= 4; i++) {
      nodes.add(node("worker-" + i, WORKER));
    }
    return nodes;
  }

  private static NodeSpec node(String name, Set<Role> roles) {
    return new NodeSpec(name, roles, Capacity.DEFAULT, NodeSpec.SSH_PORT);
  }
}
