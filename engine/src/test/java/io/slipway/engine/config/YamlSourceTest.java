package io.slipway.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class YamlSourceTest {

  private static final String YAML = """
      name: demo
      nodes:
        - address: 10.0.0.1
          role: [controlplane, etcd]
        - address: 10.0.0.2
          role:
            - worker
      """;

  @Test
  void locatesValuesAndKeysByPath() {
    YamlSource source = YamlSource.parse("cluster.yml", YAML);
    assertThat(source.at("name")).as("scalar value").isEqualTo(new Location("cluster.yml", 1, 7));
    assertThat(source.at("nodes[1].address")).as("value in second list item").isEqualTo(new Location("cluster.yml", 5, 14));
    assertThat(source.at("nodes[0].role[1]")).as("flow sequence item").isEqualTo(new Location("cluster.yml", 4, 26));
    assertThat(source.at("nodes[1].role[0]")).as("block sequence item").isEqualTo(new Location("cluster.yml", 7, 9));
    assertThat(source.keyAt("nodes[1].role")).as("key position").isEqualTo(new Location("cluster.yml", 6, 5));
  }

  @Test
  void anUnknownPathFallsBackToItsNearestLocatedParent() {
    YamlSource source = YamlSource.parse("cluster.yml", YAML);
    assertThat(source.at("nodes[1].user")).isEqualTo(source.at("nodes[1]"));
    assertThat(source.node("nodes[0].role[1]").asText()).isEqualTo("etcd");
  }

  @Test
  void badSyntaxIsReportedAtItsLineAndColumn() {
    assertThatThrownBy(() -> YamlSource.parse("cluster.yml", "nodes:\n  - address: [10.0.0.1\n  user: x\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement()
            .satisfies(p -> {
              assertThat(p.file()).isEqualTo("cluster.yml");
              assertThat(p.line()).as("line of the syntax error").isGreaterThanOrEqualTo(2);
              assertThat(p.message()).startsWith("invalid YAML");
            }));
  }

  @Test
  void anEmptyFileIsAProblemNotANullPointer() {
    assertThatThrownBy(() -> YamlSource.parse("empty.yml", "# nothing\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("empty.yml:1:1: the file is empty");
  }
}
