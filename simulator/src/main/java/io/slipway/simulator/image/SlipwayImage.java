package io.slipway.simulator.image;

import java.util.List;

/**
 * The images a fleet needs, each built from the Dockerfile and files under
 * {@code io/slipway/simulator/image/<directory>} on the classpath. The tag of each is a hash of
 * those files, its base image and (for components) the bundled Java runtime, so an edited
 * Dockerfile is rebuilt and an unchanged one never is.
 */
public enum SlipwayImage {
  /** sshd + dockerd: one container per fake node. */
  NODE("slipway/node", "node", List.of("Dockerfile", "entrypoint.sh", "sshd_config", "slipway-runc.sh"), false),
  /** The fleet's registry (Debian's docker-registry) that nodes pull component images from. */
  REGISTRY("slipway/registry", "registry", List.of("Dockerfile", "config.yml"), false),
  /** etcd, nginx, a Java runtime and the stand-ins (their runnable jar, copied here by the build): every cluster component runs from this one image. */
  COMPONENTS("slipway/components", "components",
      List.of("Dockerfile", "standin-wrapper.sh", "nginx-proxy.sh", "rke-etcd-backup.sh", "rke-tools-entrypoint.sh",
          "cri-dockerd.sh", "standin.jar"), true),
  /** nginx + keepalived for load-balancer nodes. */
  LB("slipway/lb", "lb", List.of("Dockerfile", "entrypoint.sh"), false);

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

  /** Classpath resource of one of this image's build files. */
  String resource(String file) {
    return "/io/slipway/simulator/image/" + directory + "/" + file;
  }

  List<String> files() {
    return files;
  }

  boolean bundlesJavaRuntime() {
    return bundlesJavaRuntime;
  }

  /** Images pushed to the fleet registry for nodes to pull. */
  public static List<SlipwayImage> pushedToRegistry() {
    return List.of(COMPONENTS, LB);
  }
}
