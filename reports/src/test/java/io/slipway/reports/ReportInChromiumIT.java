package io.slipway.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reports opened in a real browser (Debian's chromium, headless; bin/test installs it): the
 * page's script runs without errors and draws one lane per probe and a Gantt chart per up. A
 * screenshot of each is kept in target/report-screenshots.
 */
class ReportInChromiumIT {

  @ParameterizedTest
  @ValueSource(strings = {"passing", "failing"})
  void theReportLoadsWithoutScriptErrorsAndDrawsEveryLane(String run, @TempDir Path tmp) throws Exception {
    Path dir = HtmlReportTest.copy(run, tmp);
    Path report = HtmlReport.render(dir);
    JsonNode model = HtmlReportTest.model(Files.readString(report));

    String dom = chromium("--dump-dom", report.toUri().toString());
    Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
    assertThat(body.find()).as("the page has a body").isTrue();
    assertThat(body.group()).as("rendered without script errors").isEqualTo("<body data-rendered=\"ok\">");
    List<String> lanes = new ArrayList<>();
    Pattern.compile("data-lane=\"([a-z_]+)\"").matcher(dom).results().forEach(m -> lanes.add(m.group(1)));
    List<String> expected = new ArrayList<>();
    model.path("lanes").fieldNames().forEachRemaining(expected::add);
    assertThat(lanes).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(Pattern.compile("data-gantt=").matcher(dom).results().count()).isEqualTo(model.path("gantts").size());
    assertThat(Pattern.compile("<svg").matcher(dom).results().count()).as("SVG charts drawn")
        .isGreaterThanOrEqualTo(lanes.size() + model.path("gantts").size());

    Path screenshots = Files.createDirectories(Path.of("target", "report-screenshots"));
    Path png = screenshots.resolve(run + ".png").toAbsolutePath();
    chromium("--screenshot=" + png, "--window-size=1400,2600", report.toUri().toString());
    assertThat(png).exists();
    assertThat(Files.size(png)).isGreaterThan(20_000);
  }

  /**
   * Runs headless Chromium and returns what it printed. Its output goes to a file, not a pipe, so
   * a Chromium that never exits (seen once in CI, on --screenshot) cannot block the read: it is
   * killed after two minutes, with its renderers, and tried once more.
   */
  private static String chromium(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=10000"));
    command.addAll(List.of(args));
    for (int attempt = 1; ; attempt++) {
      Path out = Files.createTempFile("chromium", ".out");
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectOutput(out.toFile()).start();
      if (process.waitFor(120, TimeUnit.SECONDS)) {
        assertThat(process.exitValue()).as("chromium %s exit code", args[0]).isZero();
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return printed;
      }
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      Files.delete(out);
      assertThat(attempt).as("chromium %s ended within two minutes (tried twice)", args[0]).isLessThan(2);
    }
  }
}
