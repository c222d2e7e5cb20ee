package io.slipway.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.slipway.engine.config.ConfigException;
import io.slipway.engine.testing.CorpusExpectation;
import io.slipway.reports.history.ProbeKind;
import io.slipway.scenarios.model.CheckSpec;
import io.slipway.scenarios.model.FaultSpec;
import io.slipway.scenarios.model.ProbeSpec;
import io.slipway.scenarios.model.Scenario;
import io.slipway.scenarios.model.ScenarioStep;
import io.slipway.scenarios.model.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioLoaderTest {

  private static final Path CORPUS = Path.of("src/test/resources/bad-scenarios");

  static Stream<Path> malformedFiles() {
    return CorpusExpectation.files(CORPUS, ".yaml");
  }

  static Stream<Path> shippedScenarios() throws Exception {
    return Files.list(Path.of("suite")).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void aMalformedScenarioIsRefusedAtItsLineColumnAndKey(Path file) {
    CorpusExpectation expected = CorpusExpectation.of(file);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ScenarioLoader.load(file));
    assertThat(e).as("%s is refused", file.getFileName()).isNotNull();
    assertThat(e.problems()).as("%s must report %s", file.getFileName(), expected).anyMatch(expected::matches);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shippedScenarios")
  void everyShippedScenarioLoads(Path file) {
    Scenario scenario = ScenarioLoader.load(file);
    assertThat(scenario.steps()).isNotEmpty();
    assertThat(scenario.steps().get(0)).isInstanceOf(ScenarioStep.Up.class);
  }

  @Test
  void stepsProbesTargetsAndWindowsAreRead() {
    Scenario scenario = ScenarioLoader.parse("s.yaml", """
        name: demo
        seed: 42
        fleet:
          nodes:
            - {name: m1, roles: [controlplane, etcd]}
            - {name: w1, roles: [worker]}
        probes: {api_read: 250ms, leaders: 1s}
        steps:
          - up
          - fault: {id: f, stop_container: etcd, target: {role: etcd, count: 1}}
          - hold: 5s
          - heal: f
          - expect: {availability: {probe: api_read, at_least: 0.9}, from: f, to: heal-4}
        """);
    assertThat(scenario.seed()).isEqualTo(42);
    assertThat(scenario.probes()).containsEntry(ProbeKind.API_READ, ProbeSpec.every(Duration.ofMillis(250)))
        .containsEntry(ProbeKind.LEADERS, ProbeSpec.every(Duration.ofSeconds(1)));
    assertThat(scenario.steps()).hasSize(5);
    assertThat(scenario.steps().get(1)).isEqualTo(new ScenarioStep.Fault("f",
        new FaultSpec.StopContainer("etcd", new Target.WithRole("etcd", 1))));
    assertThat(scenario.steps().get(3)).isEqualTo(new ScenarioStep.Heal("heal-4", "f"));
    ScenarioStep.Expect expect = (ScenarioStep.Expect) scenario.steps().get(4);
    assertThat(expect.check()).isEqualTo(new CheckSpec.Availability(ProbeKind.API_READ, 0.9));
    assertThat(expect.window().from()).isEqualTo("f");
    assertThat(expect.window().to()).isEqualTo("heal-4");
  }

  @Test
  void theCasProbeTakesClientsAndTheLinearizableCheckItsBound() {
    Scenario scenario = ScenarioLoader.parse("s.yaml", """
        fleet:
          nodes: [{name: n1, roles: [controlplane, etcd, worker]}]
        probes: {api_cas: {interval: 200ms, clients: 3}, api_write: 500ms}
        steps:
          - up
          - expect: {linearizable: {probe: api_cas}}
          - expect: {linearizable: {probe: api_cas, max_steps: 5000}, to: expect-2}
        """);
    assertThat(scenario.probes()).as("three clients at 200 ms").containsEntry(ProbeKind.API_CAS,
        new ProbeSpec(Duration.ofMillis(200), 3)).containsEntry(ProbeKind.API_WRITE, ProbeSpec.every(
        Duration.ofMillis(500)));
    assertThat(((ScenarioStep.Expect) scenario.steps().get(1)).check()).as("the default bound")
        .isEqualTo(new CheckSpec.Linearizable(ProbeKind.API_CAS, 10_000_000));
    assertThat(((ScenarioStep.Expect) scenario.steps().get(2)).check()).as("a bound of its own")
        .isEqualTo(new CheckSpec.Linearizable(ProbeKind.API_CAS, 5000));
    assertThat(ScenarioLoader.parse("s.yaml", """
        fleet:
          nodes: [{name: n1, roles: [controlplane, etcd, worker]}]
        probes: {api_cas: 250ms}
        steps: [up]
        """).probes()).as("an interval alone: four clients").containsEntry(ProbeKind.API_CAS,
        new ProbeSpec(Duration.ofMillis(250), 4));
  }
}
