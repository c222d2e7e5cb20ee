package io.slipway.scenarios.history;

import io.slipway.reports.history.Entry;
import io.slipway.reports.history.HistoryJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The recorded history of a run: every entry kept in memory for the checks and appended at once
 * to {@code history.jsonl}, one JSON object per line, so a run that dies still leaves its history.
 * Safe for concurrent use by the probes and the runner.
 */
public final class History implements AutoCloseable {

  private final List<Entry> entries = new ArrayList<>();
  private final BufferedWriter out;

  public History(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write history " + file, e);
    }
  }

  public synchronized void add(Entry entry) {
    entries.add(entry);
    try {
      out.write(HistoryJson.line(entry));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the history", e);
    }
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  public synchronized <T extends Entry> List<T> of(Class<T> type, Predicate<? super T> filter) {
    return entries.stream().filter(type::isInstance).map(type::cast).filter(filter).toList();
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
