package io.slipway.engine.plan;

import io.slipway.engine.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A file the plan writes that the host does not hold as planned: {@code create} when the host
 * has none, {@code update} when its SHA-256 or its mode differs. Compared by hash, never by
 * contents, so a listing of changes holds no secret.
 */
public record FileChange(String host, String path, Kind kind) {

  /** What happens to the file. */
  public enum Kind {
    CREATE("+", "create"), UPDATE("~", "update");

    private final String symbol;
    private final String word;

    Kind(String symbol, String word) {
      this.symbol = symbol;
      this.word = word;
    }

    public String symbol() {
      return symbol;
    }

    public String word() {
      return word;
    }
  }

  /**
   * The files of {@code plan} whose contents (as {@code content} gives them) or modes differ from
   * the files in {@code observed}. Pure.
   */
  public static List<FileChange> between(Plan plan, Function<FileSource, byte[]> content, Observed observed) {
    List<FileChange> changes = new ArrayList<>();
    for (Step step : plan.steps()) {
      if (step instanceof Step.WriteFile write) {
        String host = write.id().host();
        Optional<ObservedFile> present = observed.file(host, write.path());
        if (present.isEmpty()) {
          changes.add(new FileChange(host, write.path(), Kind.CREATE));
        } else if (!present.get().holds(Sha256.hex(content.apply(write.source())), write.mode())) {
          changes.add(new FileChange(host, write.path(), Kind.UPDATE));
        }
      }
    }
    return changes;
  }
}
