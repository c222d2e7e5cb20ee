package io.slipway.simulator.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PruneType;
import io.slipway.simulator.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the fleet's images exist in the local Docker engine, building what is missing.
 * The base image is bootstrapped from Debian packages (debootstrap, then import) because no
 * image registry is reachable; every other image is a Dockerfile {@code FROM} that base.
 */
public final class ImageBuilder {

  /** The base image built from Debian packages when no other base is named. */
  public static final String DEFAULT_BASE = "slipway/debian:bookworm";

  private static final Logger LOG = LoggerFactory.getLogger(ImageBuilder.class);
  private static final String ROOTFS_SCRIPT = "/io/slipway/simulator/image/base/build-rootfs.sh";
  private static final String STAGE_LABEL = "io.slipway.image-stage=build";
  private static final String BASE_DOCKERFILE = "/io/slipway/simulator/image/base/Dockerfile";

  private final DockerClient docker;
  private final String baseImage;
  private final Progress progress;

  /**
   * @param baseImage the image every Dockerfile starts from; {@link #DEFAULT_BASE} is built
   *     when missing, any other name must already exist locally
   */
  public ImageBuilder(DockerClient docker, String baseImage, Progress progress) {
    this.docker = docker;
    this.baseImage = baseImage;
    this.progress = progress;
  }

  /** Ensures {@code image} exists and returns its full name, e.g. {@code slipway/node:3f2a…}. */
  public String ensure(SlipwayImage image) {
    return ensureAll(EnumSet.of(image)).get(image);
  }

  /**
   * Ensures every image of {@code images} exists, building the missing ones at once (their
   * Dockerfiles' package downloads and file-system work overlap; one after another they took
   * about four minutes on a new machine), and returns their full names.
   */
  public synchronized Map<SlipwayImage, String> ensureAll(Set<SlipwayImage> images) {
    String baseId = ensureBase();
    Map<SlipwayImage, String> names = new EnumMap<>(SlipwayImage.class);
    List<SlipwayImage> missing = new ArrayList<>();
    for (SlipwayImage image : images) {
      String name = image.repository() + ":" + tagOf(image, baseId);
      names.put(image, name);
      if (!exists(name)) {
        missing.add(image);
      }
    }
    if (missing.isEmpty()) {
      return names;
    }
    ExecutorService builds = Executors.newFixedThreadPool(missing.size(), r -> {
      Thread thread = new Thread(r, "slipway-image-build");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<CompletableFuture<Void>> running = missing.stream()
          .map(image -> CompletableFuture.runAsync(() -> build(image, names.get(image)), builds)).toList();
      try {
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    } finally {
      builds.shutdownNow();
      removeBuildStages();
    }
    return names;
  }

  private void build(SlipwayImage image, String name) {
    Instant start = Instant.now();
    progress.report("building image " + name);
    Path context = createTempDir("slipway-image-");
    try {
      for (SlipwayImage.BuildFile file : image.buildFiles()) {
        Path target = context.resolve(file.name());
        Files.write(target, resourceBytes(file.resource()));
        if (file.name().endsWith(".sh")) {
          target.toFile().setExecutable(true, false);
        }
      }
      if (image.bundlesJavaRuntime()) {
        JavaRuntime.link(context.resolve("jre"));
      }
      String id = docker.buildImageCmd(context.toFile())
          .withTags(Set.of(name))
          .withBuildArg("BASE_IMAGE", baseImage)
          .withPull(false)
          .withRemove(true)
          .exec(new BuildImageResultCallback())
          .awaitImageId();
      LOG.debug("built {} as {}", name, id);
    } catch (DockerClientException e) {
      throw new ImageBuildException("building " + name + " failed: " + e.getMessage()
          + "\n  hint: the Dockerfile is " + image.resource("Dockerfile") + "; its RUN steps need Debian's mirror", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteRecursively(context);
    }
    progress.report("built image " + name + " in " + seconds(start));
  }

  /**
   * {@code componentsImage} as Kubernetes {@code version}: the same layers, with
   * {@code SLIPWAY_KUBERNETES_VERSION} set, which the stand-ins report (the apiserver's
   * {@code /version}, each kubelet's {@code kubeletVersion}); tagged {@code <tag>-<version>}.
   */
  public synchronized String versioned(String componentsImage, String version) {
    if (!version.matches("v\\d+\\.\\d+\\.\\d+[A-Za-z0-9.+-]*")) {
      throw new IllegalArgumentException("not a Kubernetes version: " + version);
    }
    String name = componentsImage + "-" + version.replace('+', '-');
    if (exists(name)) {
      return name;
    }
    Path context = createTempDir("slipway-versioned-");
    try {
      // as the components report it: v1.14.10-rancher1-1 runs as v1.14.10
      Files.writeString(context.resolve("Dockerfile"), "FROM " + componentsImage + "\nENV SLIPWAY_KUBERNETES_VERSION="
          + version.replaceFirst("-rancher.*$", "") + "\n");
      docker.buildImageCmd(context.toFile()).withTags(Set.of(name)).withPull(false).withRemove(true)
          .exec(new BuildImageResultCallback()).awaitImageId();
    } catch (DockerClientException e) {
      throw new ImageBuildException("building " + name + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteRecursively(context);
    }
    progress.report("built image " + name);
    return name;
  }

  /**
   * Removes the untagged images the build stages leave (each a few hundred MB): they are labelled
   * {@value #STAGE_LABEL} in the Dockerfiles, and a rebuild starts from the base image anyway.
   */
  private void removeBuildStages() {
    docker.pruneCmd(PruneType.IMAGES).withDangling(true).withLabelFilter(STAGE_LABEL).exec();
  }

  /** Ensures the base image exists and returns its id. */
  private String ensureBase() {
    if (!exists(baseImage)) {
      if (!baseImage.equals(DEFAULT_BASE)) {
        throw new ImageBuildException("base image " + baseImage + " is not in the local Docker engine"
            + "\n  hint: load it (docker load / docker pull), or leave the base image unset to bootstrap "
            + DEFAULT_BASE + " from Debian packages");
      }
      bootstrapBase();
    }
    return docker.inspectImageCmd(baseImage).exec().getId();
  }

  private void bootstrapBase() {
    Instant start = Instant.now();
    progress.report("bootstrapping base image " + DEFAULT_BASE + " from Debian packages (debootstrap)");
    Path work = createTempDir("slipway-base-");
    try {
      Path script = work.resolve("build-rootfs.sh");
      Files.write(script, resourceBytes(ROOTFS_SCRIPT));
      Path tar = work.resolve("rootfs.tar");
      Path log = work.resolve("debootstrap.log");
      Process process = new ProcessBuilder("sh", script.toString(), tar.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      int exit = process.waitFor();
      if (exit != 0) {
        throw new ImageBuildException("bootstrapping " + DEFAULT_BASE + " failed (exit " + exit + "):\n"
            + tail(log, 15) + "\n  hint: run as root on Debian/Ubuntu with debootstrap installed and "
            + "deb.debian.org reachable, or set a local base image with --base-image");
      }
      // Built as FROM scratch + ADD rather than imported: the import endpoint cut this
      // ~150 MB upload short ("unexpected EOF") through the API client; a build context does not.
      Files.write(work.resolve("Dockerfile"), resourceBytes(BASE_DOCKERFILE));
      Files.delete(script);
      Files.delete(log);
      docker.buildImageCmd(work.toFile()).withTags(Set.of(DEFAULT_BASE)).withPull(false).withRemove(true)
          .exec(new BuildImageResultCallback()).awaitImageId();
    } catch (DockerClientException e) {
      throw new ImageBuildException("building " + DEFAULT_BASE + " from the bootstrapped root file system failed: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageBuildException("interrupted while bootstrapping " + DEFAULT_BASE, e);
    } finally {
      deleteRecursively(work);
    }
    progress.report("bootstrapped base image " + DEFAULT_BASE + " in " + seconds(start));
  }

  private boolean exists(String name) {
    try {
      docker.inspectImageCmd(name).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  static String tagOf(SlipwayImage image, String baseId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(baseId.getBytes(StandardCharsets.UTF_8));
      for (SlipwayImage.BuildFile file : image.buildFiles()) {
        sha.update(file.name().getBytes(StandardCharsets.UTF_8));
        sha.update(resourceBytes(file.resource()));
      }
      if (image.bundlesJavaRuntime()) {
        sha.update(JavaRuntime.fingerprint().getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  private static byte[] resourceBytes(String resource) {
    try (InputStream in = ImageBuilder.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing build file on the classpath: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createTempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file, int lines) throws IOException {
    var all = Files.readAllLines(file);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static String seconds(Instant start) {
    return String.format("%.1f s", Duration.between(start, Instant.now()).toMillis() / 1000.0);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not remove temporary directory {}", dir, e);
    }
  }
}
