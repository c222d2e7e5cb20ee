package io.slipway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.state.ClusterState;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Turns the JMH JSON results in a folder into the scaling figures: {@code planning.png} (time per
 * plan, and per plan of the same shape built with no planning logic, against nodes, log-log),
 * {@code execution.png} (measured time over the plan's lower bound against hosts, per
 * parallelism: 1.0 means the executor adds nothing) and {@code summary.md}, whose planning tables
 * also give time and allocation per node, how time per node grows from 100 to 10,000 nodes, and
 * the planner over its floor; and, when {@code benchmarks/up-scale} has left {@code up-scale.json}
 * there, {@code up-scale.png} (fleet start, cold {@code up}, zero-change re-up and {@code
 * cert-rotate} against nodes) with its table and the largest size's ratios to 8 nodes. Usage:
 * {@code java -cp benchmarks.jar io.slipway.benchmarks.Figures DIR}.
 */
public final class Figures {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One JMH result: which benchmark, its parameters, score (in its unit) and allocation per op. */
  record Result(String benchmark, Map<String, String> params, double score, String unit, double allocatedBytes) {
    int param(String name) {
      return Integer.parseInt(params.get(name));
    }
  }

  private Figures() {
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
    List<Result> results = read(dir);
    if (results.isEmpty()) {
      throw new IllegalStateException("no JMH results (*.json) in " + dir);
    }
    StringBuilder md = new StringBuilder("# Benchmark figures\n\n").append(machine()).append("\n\n");
    planning(results, dir, md);
    execution(results, dir, md);
    pki(results, md);
    linearizability(results, md);
    upScale(dir, md);
    Files.writeString(dir.resolve("summary.md"), md);
    System.out.print(md);
  }

  static List<Result> read(Path dir) throws IOException {
    List<Result> results = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        for (JsonNode r : JSON.readTree(file.toFile())) {
          if (!r.has("benchmark")) {
            continue;  // not a JMH result (up-scale.json)
          }
          Map<String, String> params = new TreeMap<>();
          r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
          JsonNode secondary = r.path("secondaryMetrics");
          JsonNode alloc = secondary.has("gc.alloc.rate.norm") ? secondary.get("gc.alloc.rate.norm")
              : secondary.path("·gc.alloc.rate.norm");  // the name before JMH 1.36
          results.add(new Result(r.path("benchmark").asText().replaceFirst("^io\\.slipway\\.benchmarks\\.", ""), params,
              r.path("primaryMetric").path("score").asDouble(), r.path("primaryMetric").path("scoreUnit").asText(),
              alloc.isMissingNode() ? Double.NaN : alloc.path("score").asDouble()));
        }
      }
    }
    return results;
  }

  private static void planning(List<Result> results, Path dir, StringBuilder md) throws IOException {
    List<Result> plans = results.stream().filter(r -> r.benchmark().startsWith("PlanningBenchmark"))
        .sorted(Comparator.comparing(Result::benchmark).thenComparing(r -> r.param("masters"))
            .thenComparing(r -> r.param("nodes"))).toList();
    if (plans.isEmpty()) {
      return;
    }
    md.append("## Planning (ms per operation, allocation per operation)\n\n| benchmark | nodes | masters | ms/op | µs per "
        + "node | ratio to the next smaller size | MB allocated/op | kB allocated per node |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    Map<String, XYSeries> series = new TreeMap<>();
    Map<String, Double> previous = new TreeMap<>();
    for (Result r : plans) {
      String key = r.benchmark().replace("PlanningBenchmark.", "") + ", " + r.param("masters") + " masters";
      series.computeIfAbsent(key, XYSeries::new).add(r.param("nodes"), r.score());
      Double before = previous.put(key, r.score());
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.2f | %s | %.1f | %.1f |%n", r.benchmark(),
          r.param("nodes"), r.param("masters"), r.score(), perNode(r), before == null ? ""
              : String.format(Locale.ROOT, "%.1f×", r.score() / before), r.allocatedBytes() / 1e6,
          r.allocatedBytes() / 1e3 / r.param("nodes")));
    }
    linearity(plans, md);
    againstTheFloor(plans, md);
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    JFreeChart chart = ChartFactory.createXYLineChart("Planning time against cluster size", "nodes", "ms per operation",
        data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setDomainAxis(decades("nodes"));
    plot.setRangeAxis(decades("ms per operation"));
    style(plot);
    ChartUtils.saveChartAsPNG(dir.resolve("planning.png").toFile(), chart, 900, 560);
    md.append("\n![planning](planning.png)\n\n");
  }

  /** Microseconds per node of one result (its score is in ms/op). */
  private static double perNode(Result r) {
    return r.score() * 1000 / r.param("nodes");
  }

  /** Time per node at 10,000 nodes over time per node at 100: 1.0 when the cost is linear in the nodes. */
  private static void linearity(List<Result> plans, StringBuilder md) {
    StringBuilder rows = new StringBuilder();
    for (Result large : plans) {
      if (large.param("nodes") != 10_000) {
        continue;
      }
      plans.stream().filter(r -> r.benchmark().equals(large.benchmark()) && r.param("masters") == large.param("masters")
          && r.param("nodes") == 100).findFirst().ifPresent(small -> rows.append(String.format(Locale.ROOT,
          "| %s | %d | %.2f | %.2f | %.2f |%n", large.benchmark(), large.param("masters"), perNode(small),
          perNode(large), perNode(large) / perNode(small))));
    }
    if (rows.length() > 0) {
      md.append("\nTime per node at 10,000 nodes over time per node at 100 (1.0: linear):\n\n| benchmark | masters "
          + "| µs per node at 100 | µs per node at 10,000 | ratio |\n|---|---|---|---|---|\n").append(rows);
    }
  }

  /** The planner over the floor, a plan of the same shape built with no planning logic: what planning adds. */
  private static void againstTheFloor(List<Result> plans, StringBuilder md) {
    StringBuilder rows = new StringBuilder();
    for (Result plan : plans) {
      if (!plan.benchmark().equals("PlanningBenchmark.plan")) {
        continue;
      }
      plans.stream().filter(r -> r.benchmark().equals("PlanningBenchmark.floor") && r.params().equals(plan.params()))
          .findFirst().ifPresent(floor -> rows.append(String.format(Locale.ROOT,
          "| %d | %d | %.3f | %.3f | %.2f | %.1f | %.1f |%n", plan.param("nodes"), plan.param("masters"), plan.score(),
          floor.score(), plan.score() / floor.score(), plan.allocatedBytes() / 1e6, floor.allocatedBytes() / 1e6)));
    }
    if (rows.length() > 0) {
      md.append("\nThe planner against its floor (the same steps and edges built with no planning logic):\n\n| nodes "
          + "| masters | plan ms/op | floor ms/op | plan / floor | plan MB/op | floor MB/op |\n"
          + "|---|---|---|---|---|---|---|\n").append(rows);
    }
  }

  private static void execution(List<Result> results, Path dir, StringBuilder md) throws IOException {
    List<Result> runs = results.stream().filter(r -> r.benchmark().startsWith("ExecutionBenchmark")).toList();
    if (runs.isEmpty()) {
      return;
    }
    md.append("## Execution (in-memory hosts, every step takes the latency)\n\nThe lower bound is the longer of the "
        + "critical path and the work spread over `parallelism` workers. The executor's own policy (most work behind "
        + "first) run with no overhead at all (`PlanBounds.listSchedule`) reaches it for each of these plans, so the "
        + "ratio is what the executor itself adds.\n\n| hosts | parallelism | latency | measured | lower bound | ratio |\n"
        + "|---|---|---|---|---|---|\n");
    Map<Integer, XYSeries> series = new TreeMap<>();
    for (Result r : runs.stream().sorted(Comparator.comparing((Result x) -> x.param("parallelism"))
        .thenComparing(x -> x.param("hosts"))).toList()) {
      Duration bound = PlanBounds.lowerBound(Planner.plan(Topologies.cluster(r.param("hosts"), 3), ClusterState.EMPTY),
          r.param("parallelism"), Duration.ofMillis(r.param("latencyMs")));
      double ratio = r.score() / bound.toMillis();
      series.computeIfAbsent(r.param("parallelism"), p -> new XYSeries("parallelism " + p)).add(r.param("hosts"), ratio);
      md.append(String.format(Locale.ROOT, "| %d | %d | %d ms | %.0f ms | %d ms | %.2f |%n", r.param("hosts"),
          r.param("parallelism"), r.param("latencyMs"), r.score(), bound.toMillis(), ratio));
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    JFreeChart chart = ChartFactory.createXYLineChart("Executor: measured time / lower bound", "hosts",
        "ratio (1.0 = no overhead)", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setDomainAxis(decades("hosts"));
    style(plot);
    ChartUtils.saveChartAsPNG(dir.resolve("execution.png").toFile(), chart, 900, 560);
    md.append("\n![execution](execution.png)\n\n");
  }

  /** The scale curve of {@code up} on the container fleet, from {@code up-scale.json} when there is one. */
  private static void upScale(Path dir, StringBuilder md) throws IOException {
    Path file = dir.resolve("up-scale.json");
    if (!Files.exists(file)) {
      return;
    }
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("fleet_start_s", "fleet start");
    figures.put("cold_up_s", "cold up");
    figures.put("re_up_s", "zero-change re-up");
    figures.put("cert_rotate_s", "cert-rotate");
    Map<String, XYSeries> series = new LinkedHashMap<>();
    figures.forEach((key, title) -> series.put(key, new XYSeries(title)));
    md.append("## The scale curve of `up` (container fleet, `benchmarks/up-scale`)\n\n| nodes | fleet start s | cold up s "
        + "| re-up s | cert-rotate s | MiB per node |\n|---|---|---|---|---|---|\n");
    List<JsonNode> points = new ArrayList<>();
    JSON.readTree(file.toFile()).forEach(points::add);
    points.sort(Comparator.comparingInt(p -> p.path("nodes").asInt()));
    for (JsonNode point : points) {
      if (point.has("failed")) {  // the size this machine did not hold, and why
        md.append(String.format(Locale.ROOT, "| %d | %s | %s | | | |%n", point.path("nodes").asInt(),
            point.path("fleet_start_s").isNumber() ? String.format(Locale.ROOT, "%.1f",
                point.path("fleet_start_s").asDouble()) : "—", point.path("failed").asText()));
        continue;
      }
      figures.keySet().forEach(key -> series.get(key).add(point.path("nodes").asInt(), point.path(key).asDouble()));
      md.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %d |%n", point.path("nodes").asInt(),
          point.path("fleet_start_s").asDouble(), point.path("cold_up_s").asDouble(), point.path("re_up_s").asDouble(),
          point.path("cert_rotate_s").asDouble(), point.path("memory_per_node_mib").asInt()));
    }
    JsonNode eight = points.stream().filter(p -> p.path("nodes").asInt() == 8 && !p.has("failed")).findFirst()
        .orElse(null);
    JsonNode largest = points.stream().filter(p -> !p.has("failed")).reduce((a, b) -> b).orElse(null);
    if (eight != null && largest.path("nodes").asInt() > 8) {
      md.append(String.format(Locale.ROOT, "%nAt %d nodes against 8 (%.1f× the nodes): ", largest.path("nodes").asInt(),
          largest.path("nodes").asDouble() / 8));
      List<String> ratios = new ArrayList<>();
      figures.forEach((key, title) -> ratios.add(String.format(Locale.ROOT, "%s %.2f×", title,
          largest.path(key).asDouble() / eight.path(key).asDouble())));
      md.append(String.join(", ", ratios)).append(".\n");
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    JFreeChart chart = ChartFactory.createXYLineChart("up on the container fleet against its size", "nodes", "seconds",
        data, PlotOrientation.VERTICAL, true, false, false);
    style(chart.getXYPlot());
    ChartUtils.saveChartAsPNG(dir.resolve("up-scale.png").toFile(), chart, 900, 560);
    md.append("\n![up-scale](up-scale.png)\n\n");
  }

  private static void pki(List<Result> results, StringBuilder md) {
    List<Result> pki = results.stream().filter(r -> r.benchmark().startsWith("PkiBenchmark")).toList();
    if (pki.isEmpty()) {
      return;
    }
    md.append("## PKI (every certificate of a cluster)\n\n| key type | nodes | ms/op |\n|---|---|---|\n");
    pki.stream().sorted(Comparator.comparing((Result r) -> r.param("nodes"))
        .thenComparing(r -> r.params().get("keyType"))).forEach(r -> md.append(String.format(Locale.ROOT,
        "| %s | %d | %.1f |%n", r.params().get("keyType"), r.param("nodes"), r.score())));
    md.append('\n');
  }

  private static void linearizability(List<Result> results, StringBuilder md) {
    List<Result> checks = results.stream().filter(r -> r.benchmark().startsWith("LinearizabilityBenchmark")).toList();
    if (checks.isEmpty()) {
      return;
    }
    md.append("## Linearizability check (an api_cas history: 4 clients, a round every 200 ms)\n\n"
        + "| history | stale read injected | ms/op |\n|---|---|---|\n");
    checks.stream().sorted(Comparator.comparing((Result r) -> r.param("minutes"))
        .thenComparing(r -> r.params().get("staleRead"))).forEach(r -> md.append(String.format(Locale.ROOT,
        "| %d min | %s | %.1f |%n", r.param("minutes"), r.params().get("staleRead"), r.score())));
    md.append('\n');
  }

  /** A log axis with a tick per power of ten, labelled 10, 100, 1,000, … */
  private static LogAxis decades(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setTickUnit(new NumberTickUnit(1.0));
    axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
    axis.setMinorTickCount(9);
    return axis;
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
  }

  private static String machine() {
    return String.format(Locale.ROOT, "Machine: %d cores, %s %s, Java %s (%s), max heap %d MiB.",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("java.version"), System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20);
  }
}
