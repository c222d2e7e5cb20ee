package io.slipway.engine.plan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The custom resource definitions of calico ({@code *.crd.projectcalico.org}) that RKE's canal
 * and calico templates carry: their names, kinds and scopes, each with a schema that keeps
 * whatever fields its objects have (the templates' long schemas validate what calico writes,
 * and nothing here writes them). {@code apiextensions.k8s.io/v1} from 1.16, v1beta1 before.
 */
final class CalicoCrds {

  private static final String GROUP = "crd.projectcalico.org";
  /** Kind, plural and whether it is namespaced, as the templates for 1.26 and later list them (18). */
  private static final List<Crd> ALL = List.of(
      new Crd("BGPConfiguration", "bgpconfigurations", false),
      new Crd("BGPFilter", "bgpfilters", false),
      new Crd("BGPPeer", "bgppeers", false),
      new Crd("BlockAffinity", "blockaffinities", false),
      new Crd("CalicoNodeStatus", "caliconodestatuses", false),
      new Crd("ClusterInformation", "clusterinformations", false),
      new Crd("FelixConfiguration", "felixconfigurations", false),
      new Crd("GlobalNetworkPolicy", "globalnetworkpolicies", false),
      new Crd("GlobalNetworkSet", "globalnetworksets", false),
      new Crd("HostEndpoint", "hostendpoints", false),
      new Crd("IPAMBlock", "ipamblocks", false),
      new Crd("IPAMConfig", "ipamconfigs", false),
      new Crd("IPAMHandle", "ipamhandles", false),
      new Crd("IPPool", "ippools", false),
      new Crd("IPReservation", "ipreservations", false),
      new Crd("KubeControllersConfiguration", "kubecontrollersconfigurations", false),
      new Crd("NetworkPolicy", "networkpolicies", true),
      new Crd("NetworkSet", "networksets", true));
  /** The kinds the older templates (calico 3.13, Kubernetes 1.15 to 1.18) did not have yet. */
  private static final List<String> LATER = List.of("BGPFilter", "CalicoNodeStatus", "IPReservation",
      "KubeControllersConfiguration");

  private record Crd(String kind, String plural, boolean namespaced) {
  }

  private CalicoCrds() {
  }

  static List<ObjectNode> objects(int minor) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    boolean v1 = minor >= 16;
    List<ObjectNode> objects = new ArrayList<>();
    for (Crd crd : ALL) {
      if (minor < 19 && LATER.contains(crd.kind())) {
        continue;
      }
      String plural = crd.plural();
      ObjectNode object = f.objectNode().put("apiVersion", "apiextensions.k8s.io/" + (v1 ? "v1" : "v1beta1"))
          .put("kind", "CustomResourceDefinition");
      object.putObject("metadata").put("name", plural + "." + GROUP);
      ObjectNode spec = object.putObject("spec").put("group", GROUP)
          .put("scope", crd.namespaced() ? "Namespaced" : "Cluster");
      spec.putObject("names").put("kind", crd.kind()).put("listKind", crd.kind() + "List").put("plural", plural)
          .put("singular", crd.kind().toLowerCase());
      ObjectNode version = f.objectNode().put("name", "v1").put("served", true).put("storage", true);
      if (v1) {
        version.putObject("schema").putObject("openAPIV3Schema").put("type", "object")
            .put("x-kubernetes-preserve-unknown-fields", true);
        spec.putArray("versions").add(version);
      } else {
        spec.put("version", "v1");
        spec.putArray("versions").add(version);
      }
      objects.add(object);
    }
    return objects;
  }
}
