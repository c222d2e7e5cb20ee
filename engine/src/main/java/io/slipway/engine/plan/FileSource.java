package io.slipway.engine.plan;

/**
 * Where a file's bytes come from. Certificates are named, not embedded: the plan is printable
 * and holds no secrets; the executor takes the bytes from the cluster's PKI.
 */
public sealed interface FileSource {

  String describe();

  /** A certificate or key of the cluster PKI, e.g. {@code kube-apiserver} / {@code KEY}. */
  record Pki(String name, Part part) implements FileSource {
    @Override
    public String describe() {
      return "pki " + name + (part == Part.KEY ? " key" : " certificate");
    }
  }

  /** Text computed by the planner itself (kubeconfigs); never secret. */
  record Text(String content) implements FileSource {
    @Override
    public String describe() {
      return content.length() + " bytes";
    }
  }

  /** Which half of a PKI entry. */
  enum Part { CERTIFICATE, KEY }
}
