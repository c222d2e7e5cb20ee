package io.slipway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.plan.Step;
import io.slipway.engine.state.ClusterState;
import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Each benchmark runs once with tiny parameters: proof that it works, not a measurement. */
class BenchmarksSmokeTest {

  private static Collection<RunResult> once(Class<?> benchmark, String... params) throws Exception {
    OptionsBuilder options = new OptionsBuilder();
    options.include(benchmark.getSimpleName()).forks(0).warmupIterations(0).measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200)).shouldFailOnError(true);
    for (int i = 0; i < params.length; i += 2) {
      options.param(params[i], params[i + 1]);
    }
    return new Runner(options.build()).run();
  }

  @Test
  void planningAndItsFloorRunAndTheDiffOfAPlanAgainstItsOwnResultIsEmpty() throws Exception {
    assertThat(once(PlanningBenchmark.class, "nodes", "10", "masters", "3")).as("plan, floor and diff").hasSize(3);
  }

  @Test
  void theFloorHasTheShapeOfThePlan() {
    Plan plan = Planner.plan(Topologies.cluster(10, 3), ClusterState.EMPTY);
    Plan floor = PlanShape.of(plan).build();
    assertThat(floor.steps()).as("as many steps, with the same ids").extracting(Step::id)
        .containsExactlyElementsOf(plan.steps().stream().map(Step::id).toList());
    assertThat(floor.edges()).as("the same edges").containsExactlyElementsOf(plan.edges());
    assertThat(floor.steps()).as("and nothing to do").allMatch(s -> s instanceof Step.Gate);
  }

  @Test
  void executionRunsThePlanToSuccess() throws Exception {
    assertThat(once(ExecutionBenchmark.class, "hosts", "10", "parallelism", "50", "latencyMs", "1")).hasSize(1);
  }

  @Test
  void pkiIssuesWithBothKeyTypes() throws Exception {
    assertThat(once(PkiBenchmark.class, "nodes", "7")).hasSize(2);
  }

  @Test
  void theLinearizabilityCheckJudgesBothHistories() throws Exception {
    assertThat(once(LinearizabilityBenchmark.class, "minutes", "1")).as("as recorded, and with a stale read")
        .hasSize(2);
  }

  @Test
  void theLowerBoundIsTheLongerOfTheCriticalPathAndTheWorkSpreadOverTheWorkers() {
    Plan plan = Planner.plan(Topologies.cluster(10, 3), ClusterState.EMPTY);
    long critical = PlanBounds.criticalPath(plan);
    assertThat(critical).isBetween(5L, 30L);
    assertThat(PlanBounds.lowerBound(plan, 10_000, Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(10 * critical));
    long working = plan.steps().stream().filter(s -> !(s instanceof Step.Gate)).count();
    assertThat(PlanBounds.lowerBound(plan, 1, Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(10 * working));
  }

  /** What lets summary.md read the executor's ratio to the lower bound as its overhead alone. */
  @Test
  void theExecutorsPolicyWithNoOverheadReachesTheLowerBoundOfTheBenchmarkedPlans() {
    for (int hosts : new int[] {10, 100, 1000}) {
      Plan plan = Planner.plan(Topologies.cluster(hosts, 3), ClusterState.EMPTY);
      for (int parallelism : new int[] {10, 50, 200}) {
        assertThat(PlanBounds.listSchedule(plan, parallelism, Duration.ofMillis(5)))
            .as("%d hosts, %d", hosts, parallelism)
            .isEqualTo(PlanBounds.lowerBound(plan, parallelism, Duration.ofMillis(5)));
      }
    }
  }

  @Test
  void theListScheduleLiesBetweenTheLowerBoundAndOneStepAtATime() {
    Plan plan = Planner.plan(Topologies.cluster(10, 3), ClusterState.EMPTY);
    long working = plan.steps().stream().filter(s -> !(s instanceof Step.Gate)).count();
    Duration step = Duration.ofMillis(10);
    // with room for every step, a list schedule is the critical path; one at a time, all the work
    assertThat(PlanBounds.listSchedule(plan, 10_000, step)).isEqualTo(step.multipliedBy(PlanBounds.criticalPath(plan)));
    assertThat(PlanBounds.listSchedule(plan, 1, step)).isEqualTo(step.multipliedBy(working));
    for (int parallelism : new int[] {2, 5, 10, 50}) {
      assertThat(PlanBounds.listSchedule(plan, parallelism, step)).as("parallelism %d", parallelism)
          .isGreaterThanOrEqualTo(PlanBounds.lowerBound(plan, parallelism, step))
          .isLessThan(step.multipliedBy(working));
    }
  }
}
