package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan's own invariants and orders, on small hand-built plans. */
class PlanTest {

  private static Step gate(String host, String name) {
    return new Step.Gate(new StepId(host, name), Phase.WORKER);
  }

  private static Plan.Edge edge(Step from, Step to) {
    return new Plan.Edge(from.id(), to.id());
  }

  private final Step b1 = gate("b", "1");
  private final Step a2 = gate("a", "2");
  private final Step a1 = gate("a", "1");
  private final Step c = gate("c", "x");

  @Test
  void stepsKeepTheirOrderAndEdgesAreSortedByTheWaitingStepThenTheAwaitedOne() {
    Plan plan = new Plan(List.of(b1, a2, a1, c), Set.of(edge(b1, c), edge(a2, c), edge(a1, a2), edge(a1, c)));
    assertThat(plan.steps()).as("steps in the order given").containsExactly(b1, a2, a1, c);
    assertThat(plan.edges()).as("edges by (to, from) id").containsExactly(edge(a1, a2), edge(a1, c), edge(a2, c),
        edge(b1, c));
    assertThat(plan.dependenciesOf(c.id())).as("what c waits for, in id order").containsExactly(a1.id(), a2.id(),
        b1.id());
    assertThat(plan.dependenciesOf(b1.id())).as("a step that waits for nothing").isEmpty();
  }

  @Test
  void anEdgeAddedTwiceIsKeptOnce() {
    Plan.Builder builder = new Plan.Builder();
    int first = builder.add(a1);
    int second = builder.add(a2);
    builder.edge(first, second);
    builder.edge(first, second);
    assertThat(builder.build().edges()).containsExactly(edge(a1, a2));
  }

  @Test
  void stepsAreFoundByIdAndAnUnknownIdIsNamed() {
    Plan plan = new Plan(List.of(b1, a2, a1, c), Set.of());
    assertThat(plan.step(new StepId("a", "2"))).isSameAs(a2);
    assertThat(plan.step(new StepId("c", "x"))).isSameAs(c);
    assertThatThrownBy(() -> plan.step(new StepId("a", "3"))).hasMessage("no step a/3");
    assertThat(plan.dependenciesOf(new StepId("a", "3"))).as("an unknown step waits for nothing").isEmpty();
  }

  @Test
  void aDuplicateIdIsRefusedWhicheverWayThePlanIsBuilt() {
    assertThatThrownBy(() -> new Plan(List.of(a1, b1, gate("a", "1")), Set.of())).hasMessage("duplicate step a/1");
    Plan.Builder builder = new Plan.Builder();
    builder.add(a1);
    builder.add(b1);
    builder.add(gate("a", "1"));
    assertThatThrownBy(builder::build).hasMessage("duplicate step a/1");
  }

  @Test
  void anEdgeToAStepOutsideThePlanIsRefused() {
    assertThatThrownBy(() -> new Plan(List.of(a1), Set.of(edge(a1, b1)))).hasMessageContaining("outside the plan");
    Plan.Builder builder = new Plan.Builder();
    builder.add(a1);
    assertThatThrownBy(() -> builder.edge(0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aCycleIsRefusedEvenWhenItsEdgesWereAddedByPosition() {
    Plan.Builder builder = new Plan.Builder();
    int first = builder.add(a1);
    int second = builder.add(a2);
    int third = builder.add(b1);
    builder.edge(first, second);
    builder.edge(second, third);
    builder.edge(third, first);
    assertThatThrownBy(builder::build).hasMessage("the plan has a cycle among [a/1, a/2, b/1]");
    Plan.Builder loop = new Plan.Builder();
    int only = loop.add(a1);
    loop.edge(only, only);
    assertThatThrownBy(loop::build).as("a step waiting for itself").hasMessageContaining("cycle");
  }

  @Test
  void theTopologicalOrderBreaksTiesInPlanOrder() {
    Plan plan = new Plan(List.of(c, b1, a2, a1), Set.of(edge(a1, a2), edge(c, b1)));
    assertThat(plan.topologicalOrder()).containsExactly(c, a1, b1, a2);
  }

  @Test
  void aBuiltPlanTakesNoMoreSteps() {
    Plan.Builder builder = new Plan.Builder();
    builder.add(a1);
    builder.build();
    assertThatThrownBy(() -> builder.add(a2)).isInstanceOf(IllegalStateException.class);
  }
}
