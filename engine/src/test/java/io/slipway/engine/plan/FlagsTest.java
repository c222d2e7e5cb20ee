package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags render sorted by name after the program; a per-node flag is what setting the node's value in its place would give. */
class FlagsTest {

  @Test
  void aNodesOwnValueTakesItsPlaceAmongTheFlagsByName() {
    Flags.Template template = new Flags().set("z", "2").perNode("host").set("a", "1").template("prog", "sub");
    assertThat(template.of(Map.of("host", "n1"))).containsExactly("prog", "sub", "--a=1", "--host=n1", "--z=2");
    assertThat(template.of(Map.of("host", "n2"))).as("the same template for another node")
        .containsExactly("prog", "sub", "--a=1", "--host=n2", "--z=2");
  }

  @Test
  void aValueSetAfterThePerNodeFlagHoldsOnEveryNode() {
    Flags.Template template = new Flags().perNode("host").overrideWith(Map.of("host", "forced")).template("prog");
    assertThat(template.of(Map.of("host", "n1"))).as("extra_args win over the node's value").containsExactly("prog",
        "--host=forced");
  }

  @Test
  void anEmptyServiceOptionAfterThePerNodeFlagRemovesIt() {
    Flags.Template template = new Flags().perNode("host").withServiceOptions(Map.of("host", "")).template("prog");
    assertThat(template.of(Map.of("host", "n1"))).containsExactly("prog");
  }

  @Test
  void aNodeWithoutAValueOfItsOwnKeepsWhatTheFlagWasBefore() {
    Flags.Template template = new Flags().withServiceOptions(Map.of("taint", "kdm")).perNode("taint").perNode("label")
        .template("prog");
    assertThat(template.of(Map.of())).as("the earlier value, and no flag where there was none").containsExactly("prog",
        "--taint=kdm");
    assertThat(template.of(Map.of("taint", "mine", "label", "l"))).containsExactly("prog", "--label=l", "--taint=mine");
  }

  @Test
  void flagsWithoutPerNodeValuesRenderAsTheyAre() {
    assertThat(new Flags().set("b", "2").set("a", "1").set("b", "3").command("prog"))
        .containsExactly("prog", "--a=1", "--b=3");
  }
}
