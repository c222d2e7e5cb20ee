package io.slipway.reports;

import io.slipway.reports.history.Entry;
import io.slipway.reports.history.HistoryJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A rehearsal's run folder as the reports read it: the entries of its {@code history.jsonl}
 * (format: docs/scenarios.md), in the order recorded. A line that is not JSON (a run killed while
 * writing) ends the history there.
 */
public record RunFolder(Path directory, List<Entry> entries) {

  public RunFolder {
    entries = List.copyOf(entries);
  }

  public static RunFolder read(Path directory) {
    Path history = directory.resolve("history.jsonl");
    List<Entry> entries = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(history, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          entries.add(HistoryJson.parse(line));
        } catch (IllegalArgumentException e) {
          break;  // a torn last line
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(directory + " is not a run folder: it has no history.jsonl", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + history, e);
    }
    if (entries.isEmpty() || !(entries.get(0) instanceof Entry.RunStarted)) {
      throw new IllegalArgumentException(history + " does not start with a run-started entry");
    }
    return new RunFolder(directory, entries);
  }

  /** The entries of one type, in the order recorded. */
  public <T extends Entry> List<T> of(Class<T> type) {
    return entries.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public Entry.RunStarted start() {
    return (Entry.RunStarted) entries.get(0);
  }

  /** When the last entry was recorded. */
  public Instant end() {
    return entries.get(entries.size() - 1).at();
  }
}
