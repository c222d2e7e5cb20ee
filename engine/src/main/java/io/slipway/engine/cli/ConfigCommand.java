package io.slipway.engine.cli;

import io.slipway.engine.AtomicFiles;
import io.slipway.engine.BadInputException;
import io.slipway.engine.config.ClusterFileWriter;
import io.slipway.engine.config.ClusterFileWriter.Answers;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.Role;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slipway config}: RKE's {@code rke config}. Asks RKE's questions (answers from standard
 * input, one a line) and writes a cluster.yml with every key RKE writes, or with {@code --empty}
 * asks nothing; {@code --print} prints the file instead. {@code --list-version} and
 * {@code --system-images} print Slipway's Kubernetes version table instead. Touches no host.
 */
@Command(name = "config", sortOptions = false,
    description = "Write a cluster.yml by answering RKE's `rke config` questions (from standard input, one answer a "
        + "line; an empty line takes the default), or list the Kubernetes versions and their system images.")
public final class ConfigCommand implements Callable<Integer> {

  /** What a printed file holds instead of an inline private key. */
  static final String KEY_NOT_PRINTED = "<private key not printed: paste it here, or run without --print>";

  /** What the command does, decided once from its options. */
  private enum Mode { QUESTIONS, EMPTY, LIST_VERSIONS, LIST_IMAGES }

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = {"-n", "--name"}, paramLabel = "FILE", defaultValue = "cluster.yml",
      description = "The file to write (default ${DEFAULT-VALUE}).")
  Path name;

  @Option(names = {"-e", "--empty"}, description = "Ask nothing: every key RKE writes, empty values, one empty node.")
  boolean empty;

  @Option(names = {"-p", "--print"}, description = "Print the file to standard output instead of writing it.")
  boolean print;

  @Option(names = {"-l", "--list-version"}, description = "Print the default Kubernetes version.")
  boolean listVersion;

  @Option(names = {"-s", "--system-images"}, description = "Print the default version's system images.")
  boolean systemImages;

  @Option(names = "--version", paramLabel = "VERSION", description = "With --system-images: this version's images.")
  String version;

  @Option(names = {"-a", "--all"},
      description = "With --list-version or --system-images: every version of the table, oldest first.")
  boolean all;

  /** Where the answers come from; standard input unless a test says otherwise. */
  private Reader answers;

  /** Reads the answers from {@code reader} instead of standard input (for tests). */
  ConfigCommand readAnswersFrom(Reader reader) {
    this.answers = reader;
    return this;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    switch (mode()) {
      case LIST_VERSIONS -> listVersions(out);
      case LIST_IMAGES -> listImages(out);
      case EMPTY -> emit(Answers.empty(), out, err);
      case QUESTIONS -> {
        Reader reader = answers != null ? answers : new InputStreamReader(System.in, StandardCharsets.UTF_8);
        Answers answered = new ConfigQuestions(new BufferedReader(reader), err).ask();
        warnUnlessACluster(answered, err);
        emit(answered, out, err);
      }
    }
    out.flush();
    err.flush();
    return ExitCode.OK.code();
  }

  private Mode mode() {
    if (listVersion && systemImages) {
      throw new BadInputException("--list-version and --system-images print different lists; give one of them");
    }
    if ((listVersion || systemImages) && (empty || print)) {
      throw new BadInputException((listVersion ? "--list-version" : "--system-images") + " prints a list and writes no "
          + "file, so --empty and --print do not go with it");
    }
    if (version != null && (!systemImages || all)) {
      throw new BadInputException("--version picks the one version whose --system-images to print; give it with -s "
          + "and without --all");
    }
    if (all && !listVersion && !systemImages) {
      throw new BadInputException("--all goes with --list-version or --system-images");
    }
    return listVersion ? Mode.LIST_VERSIONS : systemImages ? Mode.LIST_IMAGES : empty ? Mode.EMPTY : Mode.QUESTIONS;
  }

  private void emit(Answers answers, PrintWriter out, PrintWriter err) {
    if (print) {
      if (answers.hasInlineKey()) {
        err.println("warning: an inline SSH private key is never printed; the printed ssh_key holds a placeholder "
            + "(run without --print to write the key into a file of mode 0600)");
      }
      out.print(ClusterFileWriter.write(answers.hasInlineKey() ? answers.withInlineKeysReplacedBy(KEY_NOT_PRINTED)
          : answers));
      return;
    }
    String text = ClusterFileWriter.write(answers);
    String mode = answers.hasInlineKey() ? "rw-------" : "rw-r-----";  // 0640 is RKE's mode for cluster.yml
    AtomicFiles.write(name, text, mode);
    out.println("wrote " + name.toAbsolutePath().normalize() + " (mode " + mode + "); check it with: "
        + "slipway validate -c " + name);
  }

  /** Slipway refuses a cluster without etcd, controlplane or worker nodes; RKE's defaults give one. */
  private void warnUnlessACluster(Answers answers, PrintWriter err) {
    Set<Role> missing = answers.missingRoles();
    if (!missing.isEmpty()) {
      String roles = missing.stream().map(Role::yamlName).collect(Collectors.joining(" or "));
      err.println();
      err.println("warning: no host is " + roles + "; a cluster needs at least one etcd, one controlplane and one "
          + "worker node, so slipway validate and up refuse this file until nodes[].role in " + name + " gives them");
    }
  }

  private void listVersions(PrintWriter out) {
    if (!all) {
      out.println(KubernetesVersions.DEFAULT);
      return;
    }
    for (String each : KubernetesVersions.known()) {
      KubernetesVersions.Version v = KubernetesVersions.version(each).orElseThrow();
      List<String> notes = new ArrayList<>();
      if (v.minRke().isPresent() || v.maxRke().isPresent()) {
        notes.add("RKE " + v.minRke().orElse("…") + " – " + v.maxRke().orElse("…"));
      }
      v.deprecatedSinceRke().ifPresent(since -> notes.add("deprecated since RKE " + since));
      if (each.equals(KubernetesVersions.DEFAULT)) {
        notes.add("default");
      }
      out.println(notes.isEmpty() ? each : each + "  (" + String.join(", ", notes) + ")");
    }
  }

  private void listImages(PrintWriter out) {
    if (!all) {
      String chosen = version != null ? version : KubernetesVersions.DEFAULT;
      if (!KubernetesVersions.isKnown(chosen)) {
        throw new BadInputException("--version " + chosen + ": no such Kubernetes version in Slipway's table (from "
            + KubernetesVersions.source() + "); slipway config --list-version --all lists the "
            + KubernetesVersions.known().size() + " known ones");
      }
      imageLines(chosen).forEach(out::println);
      return;
    }
    for (String each : KubernetesVersions.known()) {
      out.println(each + ":");
      imageLines(each).forEach(line -> out.println("  " + line));
    }
  }

  /** {@code key: image}, in the order RKE writes system_images, then any key RKE v1.6 does not know. */
  private static List<String> imageLines(String version) {
    Map<String, String> images = new TreeMap<>(KubernetesVersions.images(version).orElseThrow());
    List<String> keys = new ArrayList<>(ClusterFileWriter.SYSTEM_IMAGE_KEYS);
    images.keySet().stream().filter(key -> !keys.contains(key)).forEach(keys::add);
    return keys.stream().filter(key -> !images.getOrDefault(key, "").isEmpty())
        .map(key -> key + ": " + images.get(key)).toList();
  }
}
