package io.slipway.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A rehearsal's run folder as the reports read it: the entries of its {@code history.jsonl}
 * (format: docs/scenarios.md), in the order recorded. A line that is not JSON (a run killed while
 * writing) ends the history there.
 */
public record RunFolder(Path directory, List<JsonNode> entries) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static RunFolder read(Path directory) {
    Path history = directory.resolve("history.jsonl");
    List<JsonNode> entries = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(history, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          entries.add(JSON.readTree(line));
        } catch (IOException e) {
          break;  // a torn last line
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(directory + " is not a run folder: it has no history.jsonl", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + history, e);
    }
    if (entries.isEmpty() || !entries.get(0).path("type").asText().equals("run-started")) {
      throw new IllegalArgumentException(history + " does not start with a run-started entry");
    }
    return new RunFolder(directory, List.copyOf(entries));
  }

  public List<JsonNode> ofType(String type) {
    return entries.stream().filter(e -> e.path("type").asText().equals(type)).toList();
  }

  public JsonNode start() {
    return entries.get(0);
  }
}
