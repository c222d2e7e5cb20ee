package io.slipway.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.slipway.engine.config.ConfigException;
import io.slipway.engine.config.Problem;
import io.slipway.engine.config.Quantity;
import io.slipway.engine.config.Role;
import io.slipway.engine.testing.CorpusExpectation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FleetSpecLoaderTest {

  private static final Path CORPUS = Path.of("src/test/resources/fleet-files/bad");

  /** Every file of the malformed corpus names, in its first line, where its problem is and what it says. */
  static Stream<Path> malformedFiles() {
    return CorpusExpectation.files(CORPUS, ".yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void aMalformedFleetFileIsReportedAtItsLineColumnAndKey(Path file) {
    CorpusExpectation expected = CorpusExpectation.of(file);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> FleetSpecLoader.load(file));
    assertThat(e).as("%s is refused", file.getFileName()).isNotNull();
    assertThat(e.problems()).as("%s must report %s", file.getFileName(), expected).anyMatch(expected::matches);
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnce() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> FleetSpecLoader.parse("fleet.yaml", """
        name: Bad_Name
        nodes:
          - name: a
            roles: [master]
            capacity: {cpu: lots}
          - name: a
        """));
    assertThat(e.problems()).extracting(Problem::where).containsExactly(
        "fleet.yaml:1:7 name", "fleet.yaml:4:13 nodes[0].roles[0]", "fleet.yaml:5:21 nodes[0].capacity.cpu",
        "fleet.yaml:6:5 nodes[1]", "fleet.yaml:6:11 nodes[1].name");
    assertThat(e.getMessage()).as("summary line").endsWith("5 problems in fleet.yaml; nothing was changed.");
  }

  @Test
  void aValidFileGivesRolesAndCapacityWithDefaultsForWhatIsLeftOut() {
    FleetSpec spec = FleetSpecLoader.parse("fleet.yaml", """
        name: reference
        nodes:
          - {name: master-1, roles: [etcd, controlplane], capacity: {cpu: "8", memory: 16Gi}}
          - name: worker-1
            roles: [worker]
        """);
    assertThat(spec.name()).isEqualTo("reference");
    assertThat(spec.nodes()).extracting(NodeSpec::name).containsExactly("master-1", "worker-1");
    NodeSpec master = spec.nodes().get(0);
    assertThat(master.roles()).isEqualTo(Set.of(Role.CONTROLPLANE, Role.ETCD));
    assertThat(master.rolesLabel()).as("roles label is ordered").isEqualTo("controlplane,etcd");
    assertThat(master.capacity().memory()).isEqualTo(Quantity.parse("16Gi"));
    assertThat(master.capacity().ephemeralStorage()).as("default").isEqualTo(Capacity.DEFAULT.ephemeralStorage());
    assertThat(spec.nodes().get(1).capacity()).isEqualTo(Capacity.DEFAULT);
  }

  @Test
  void theExampleFleetsLoad() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../examples"))) {
      List<Path> fleets = files.filter(p -> p.getFileName().toString().endsWith("fleet.yaml")).toList();
      assertThat(fleets).isNotEmpty();
      fleets.forEach(FleetSpecLoader::load);
    }
  }
}
