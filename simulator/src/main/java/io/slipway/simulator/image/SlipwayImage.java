package io.slipway.simulator.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The images a fleet needs, each built from the Dockerfile and files under
 * {@code io/slipway/simulator/image/<directory>} on the classpath, plus the files every image
 * shares under {@code image/common}. The tag of each is a hash of those files, its base image and
 * (for components) the bundled Java runtime, so an edited Dockerfile is rebuilt and an unchanged
 * one never is.
 */
public enum SlipwayImage {
  /** sshd + dockerd: one container per fake node. */
  NODE("slipway/node", "node", List.of("Dockerfile", "entrypoint.sh", "sshd_config", "slipway-runc.sh"), false),
  /** The fleet's registry (Debian's docker-registry) that nodes pull component images from. */
  REGISTRY("slipway/registry", "registry", List.of("Dockerfile", "config.yml"), false),
  /** etcd, nginx, a Java runtime and the stand-ins (their runnable jar, copied here by the build): every cluster component runs from this one image. */
  COMPONENTS("slipway/components", "components",
      List.of("Dockerfile", "standin-wrapper.sh", "nginx-proxy.sh", "rke-etcd-backup.sh", "rke-tools-entrypoint.sh",
          "cri-dockerd.sh", "standin.classlist", "standin.jar"), true),
  /** nginx + keepalived for load-balancer nodes. */
  LB("slipway/lb", "lb", List.of("Dockerfile", "entrypoint.sh"), false),
  /** BusyBox: what pods run (a static HTTP server by default) and their sandboxes' {@code /pause}. */
  WORKLOAD("slipway/workload", "workload", List.of("Dockerfile", "pause", "serve", "standin-exec", "standin-probe",
      "index.html"), false);

  /** Build files every image's context holds, from {@code image/common}. */
  private static final List<String> SHARED_FILES = List.of("slim-rootfs.sh");

  private final String repository;
  private final String directory;
  private final List<String> files;
  private final boolean bundlesJavaRuntime;

  SlipwayImage(String repository, String directory, List<String> files, boolean bundlesJavaRuntime) {
    this.repository = repository;
    this.directory = directory;
    this.files = files;
    this.bundlesJavaRuntime = bundlesJavaRuntime;
  }

  public String repository() {
    return repository;
  }

  /** One file of a build context: its name there and the classpath resource it comes from. */
  record BuildFile(String name, String resource) {
  }

  /** Classpath resource of one of this image's own build files. */
  String resource(String file) {
    return "/io/slipway/simulator/image/" + directory + "/" + file;
  }

  /** Every file of this image's build context: its own, then the shared ones. */
  List<BuildFile> buildFiles() {
    List<BuildFile> all = new ArrayList<>();
    files.forEach(file -> all.add(new BuildFile(file, resource(file))));
    SHARED_FILES.forEach(file -> all.add(new BuildFile(file, "/io/slipway/simulator/image/common/" + file)));
    return List.copyOf(all);
  }

  boolean bundlesJavaRuntime() {
    return bundlesJavaRuntime;
  }

  /**
   * Images pushed to the fleet registry for nodes to pull (the LB image is not: load balancers
   * run from the Docker host's image, or, on other engines, from a copy loaded there).
   */
  public static List<SlipwayImage> pushedToRegistry() {
    return List.of(COMPONENTS, WORKLOAD);
  }
}
