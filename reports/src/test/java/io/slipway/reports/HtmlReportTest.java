package io.slipway.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.reports.history.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports rendered from recorded histories of a passing and a failing rehearsal (test resources). */
class HtmlReportTest {

  static Path copy(String run, Path into) throws Exception {
    Path dir = Files.createDirectories(into.resolve(run));
    Files.copy(Path.of("src/test/resources/runs", run, "history.jsonl"), dir.resolve("history.jsonl"));
    return dir;
  }

  static JsonNode model(String html) throws Exception {
    Matcher m = Pattern.compile("var RUN = (\\{.*?\\});</script>", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).as("the page embeds its data").isTrue();
    return new ObjectMapper().readTree(m.group(1).replace("<\\/", "</"));
  }

  @Test
  void aPassingRunShowsItsVerdictEveryCheckAndItsFigures(@TempDir Path tmp) throws Exception {
    Path dir = copy("passing", tmp);
    String html = Files.readString(HtmlReport.render(dir));
    RunFolder run = RunFolder.read(dir);
    assertThat(html).contains("<header class=\"pass\"><h1>PASS · apiserver-down-on-leader</h1>");
    assertThat(html).contains("seed 2").contains(" · Docker 20.10");
    assertThat(Pattern.compile("<tr data-verdict=\"pass\">").matcher(html).results().count())
        .isEqualTo(run.of(Entry.Judged.class).size());
    assertThat(html).contains("leadership moved from");
    assertThat(html).doesNotContain("src=\"http").doesNotContain("href=\"http");
    JsonNode model = model(html);
    assertThat(model.path("lanes").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("api_read", "api_write", "nodes", "leaders", "containers");
    assertThat(model.path("faults")).hasSize(1);
    assertThat(model.path("faults").get(0).path("label").asText()).contains("docker stop kube-apiserver");
    assertThat(model.path("faults").get(0).path("to").asLong()).isGreaterThan(model.path("faults").get(0).path("from")
        .asLong() + 19_000);
    assertThat(model.path("markers")).anyMatch(m -> m.path("kind").asText().equals("leader")
        && m.path("label").asText().startsWith("kube-controller-manager → "));
    assertThat(model.path("gantts").get(0).path("hosts")).hasSize(4);
    assertThat(model.path("gantts").get(0).path("bars").size()).isGreaterThan(100);
  }

  @Test
  void aFailingRunLeadsWithItsFailedChecks(@TempDir Path tmp) throws Exception {
    String html = Files.readString(HtmlReport.render(copy("failing", tmp)));
    assertThat(html).contains("<header class=\"fail\"><h1>FAIL · worker-partitioned</h1>");
    assertThat(html).contains("<tr data-verdict=\"fail\"><td>expect-5</td><td>node_not_ready</td>");
    JsonNode model = model(html);
    assertThat(model.path("faults").get(0).path("label").asText()).contains("partition from the fleet network on worker-2");
    assertThat(model.path("markers")).anyMatch(m -> m.path("label").asText().equals("worker-2 NotReady"));
  }

  @Test
  void aFolderWithoutHistoryIsRefusedNamingIt(@TempDir Path tmp) {
    assertThat(catchThrowable(() -> HtmlReport.render(tmp))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no history.jsonl");
  }
}
