package io.slipway.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A Kubernetes manifest as {@code kubectl apply -f} reads it before sending anything: YAML
 * documents, each empty or an object with an {@code apiVersion}, a {@code kind} and a
 * {@code metadata.name} ({@code kind: List} stands for its {@code items}). What kubectl would refuse
 * is said here, so that an addon's job does not fail after {@code up} has changed every node.
 */
public final class Manifests {

  /** Manifests as long as the cluster files that carry them may be (SnakeYAML's default stops at 3 MB). */
  private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());

  private Manifests() {
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(64 << 20);
    return options;
  }

  /** What kubectl would refuse in {@code yaml}, with the line of the manifest it is at; empty when nothing. */
  public static Optional<String> problem(String yaml) {
    try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
      int document = 0;
      while (parser.nextToken() != null) {
        document++;
        int line = parser.currentTokenLocation().getLineNr();
        JsonNode object = YAML.readTree(parser);
        Optional<String> problem = object == null || object.isNull() || object.isMissingNode() ? Optional.empty()
            : object(object);
        if (problem.isPresent()) {
          return Optional.of("document " + document + " (line " + line + "): " + problem.get());
        }
      }
      return Optional.empty();
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      return Optional.of((at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ")
          + YamlSource.firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a manifest from memory", e);
    }
  }

  private static Optional<String> object(JsonNode object) {
    if (!object.isObject()) {
      return Optional.of("not an object (kubectl reads each document as one Kubernetes object)");
    }
    if (object.path("apiVersion").asText("").isBlank()) {
      return Optional.of("no apiVersion");
    }
    String kind = object.path("kind").asText("");
    if (kind.isBlank()) {
      return Optional.of("no kind");
    }
    if (kind.equals("List")) {
      int i = 0;
      for (JsonNode item : object.path("items")) {
        Optional<String> problem = object(item);
        if (problem.isPresent()) {
          return Optional.of("items[" + i + "]: " + problem.get());
        }
        i++;
      }
      return Optional.empty();
    }
    if (object.path("metadata").path("name").asText("").isBlank()) {
      return Optional.of("a " + kind + " without metadata.name (kubectl apply needs a name)");
    }
    return Optional.empty();
  }
}
