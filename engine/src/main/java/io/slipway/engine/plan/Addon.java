package io.slipway.engine.plan;

import java.util.List;

/**
 * One of RKE's addons as {@code up} deploys it: its manifest goes into a ConfigMap of that name
 * in kube-system, and a job named after it ({@code NAME-deploy-job}) applies it with kubectl.
 *
 * @param name     RKE's name for it, e.g. {@value #USER}
 * @param manifest where its YAML comes from
 * @param critical whether {@code up} fails with it (the network plugin and the user's addons);
 *                 RKE's other system addons only warn when they fail
 */
public record Addon(String name, Manifest manifest, boolean critical) {

  /** A critical addon. */
  public Addon(String name, Manifest manifest) {
    this(name, manifest, true);
  }

  /** cluster.yml's {@code addons}. */
  public static final String USER = "rke-user-addon";
  /** cluster.yml's {@code addons_include}, all in one. */
  public static final String USER_INCLUDES = "rke-user-includes-addons";

  /** Where an addon's manifest comes from. */
  public sealed interface Manifest {
  }

  /** Written out in cluster.yml (or made by the planner). */
  public record Inline(String yaml) implements Manifest {
  }

  /**
   * Files named in cluster.yml, read when the addon is deployed and joined into one manifest, in
   * order, as RKE joins them; a relative path is read from the working directory, as RKE reads it.
   */
  public record Files(List<String> paths) implements Manifest {
    public Files {
      paths = List.copyOf(paths);
    }
  }

  /** The job that applies it. */
  public String jobName() {
    return name + "-deploy-job";
  }
}
