package io.slipway.engine.cli;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.up.EtcdSnapshots;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway etcd}: RKE's {@code rke etcd snapshot-save / snapshot-restore}, with a listing and a removal. */
@Command(name = "etcd", mixinStandardHelpOptions = true,
    description = "etcd snapshots, as RKE keeps them: /opt/rke/etcd-snapshots/NAME.zip on every etcd node.",
    subcommands = {EtcdCommand.Save.class, EtcdCommand.Restore.class, EtcdCommand.ListSnapshots.class,
        EtcdCommand.RemoveSnapshot.class})
public final class EtcdCommand {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  /** {@code slipway etcd snapshot-save [--name N]}. */
  @Command(name = "snapshot-save", mixinStandardHelpOptions = true,
      description = "Save a snapshot of etcd on every etcd node (NAME.zip: etcd's database and the state file).")
  static final class Save implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Mixin
    HostOptions hosts;

    @Option(names = "--name", paramLabel = "NAME",
        description = "The snapshot's name (default rke_etcd_snapshot_ and the time, as RKE names it).")
    String name;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
      EtcdSnapshots snapshots = new EtcdSnapshots(Clock.systemUTC());
      String snapshot = name != null ? name : snapshots.defaultName();
      List<EtcdSnapshots.File> saved = snapshots.save(loaded.config(), hosts.upOptions(options.file), snapshot, file -> {
        synchronized (out) {
          out.printf("%s: saved /opt/rke/etcd-snapshots/%s.zip (%,d bytes)%n", file.host(), file.name(), file.bytes());
          out.flush();
        }
      });
      out.printf("Snapshot %s saved on %d etcd nodes.%n", snapshot, saved.size());
      return ExitCode.OK.code();
    }
  }

  /** {@code slipway etcd snapshot-restore --name N}. */
  @Command(name = "snapshot-restore", mixinStandardHelpOptions = true,
      description = "Restore the cluster from a snapshot on every etcd node: stop the cluster, restore every member's "
          + "data from the first member's copy, bring etcd, the control plane and the workers up again.")
  static final class Restore implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Mixin
    HostOptions hosts;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The snapshot to restore.")
    String name;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
      UpOptions up = hosts.upOptions(options.file);
      Up.Result result = new EtcdSnapshots(Clock.systemUTC()).restore(loaded.config(), up, name, progress.sink(out),
          line -> {
            out.println(line);
            out.flush();
          });
      progress.summary(out, result, "Cluster " + loaded.config().clusterName() + " restored from " + name, up);
      return ExitCode.OK.code();
    }
  }

  /** {@code slipway etcd snapshot-list}. */
  @Command(name = "snapshot-list", mixinStandardHelpOptions = true,
      description = "List the snapshots of every etcd node, and the nodes that lack each.")
  static final class ListSnapshots implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Mixin
    HostOptions hosts;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
      EtcdSnapshots.Listing listing = new EtcdSnapshots(Clock.systemUTC()).list(loaded.config(),
          hosts.upOptions(options.file));
      if (listing.byName().isEmpty()) {
        out.println("No snapshots on " + String.join(", ", listing.etcdHosts()) + ".");
        return ExitCode.OK.code();
      }
      out.printf("%-48s %-20s %12s  %s%n", "NAME", "SAVED (UTC)", "BYTES", "ON");
      for (Map.Entry<String, List<EtcdSnapshots.File>> entry : listing.byName().entrySet()) {
        EtcdSnapshots.File first = entry.getValue().get(0);
        List<String> missing = listing.missing(entry.getKey());
        out.printf("%-48s %-20s %,12d  %s%n", entry.getKey(), WHEN.format(first.modified()), first.bytes(),
            missing.isEmpty() ? "every etcd node" : String.join(", ", entry.getValue().stream()
                .map(EtcdSnapshots.File::host).toList()) + " (missing on " + String.join(", ", missing) + ")");
      }
      return ExitCode.OK.code();
    }
  }

  /** {@code slipway etcd snapshot-remove --name N}. */
  @Command(name = "snapshot-remove", mixinStandardHelpOptions = true,
      description = "Delete a snapshot from every etcd node that holds it.")
  static final class RemoveSnapshot implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Mixin
    HostOptions hosts;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The snapshot to delete.")
    String name;

    @Override
    public Integer call() {
      ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
      List<String> from = new EtcdSnapshots(Clock.systemUTC()).remove(loaded.config(), hosts.upOptions(options.file),
          name);
      spec.commandLine().getOut().printf("Snapshot %s deleted from %s.%n", name, String.join(", ", from));
      return ExitCode.OK.code();
    }
  }
}
