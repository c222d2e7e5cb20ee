package io.slipway.engine.kubeconfig;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * A kubeconfig as kubectl reads it: clusters, users and contexts by name, and the current
 * context. Slipway writes one context each: the admin kubeconfig with the certificates inline
 * ({@code *-data}), the components' with file paths (as RKE writes both). Unknown keys are kept
 * out, never fatal, when reading a kubeconfig someone else wrote.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"apiVersion", "kind", "clusters", "contexts", "current-context", "users"})
public record Kubeconfig(String apiVersion, String kind, List<NamedCluster> clusters, List<NamedContext> contexts,
    @JsonProperty("current-context") String currentContext, List<NamedUser> users) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  /** A cluster entry. */
  public record NamedCluster(Cluster cluster, String name) {
  }

  /** An apiserver and the CA that signed its certificate, as a file or inline (base64 PEM). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"certificate-authority", "certificate-authority-data", "server"})
  public record Cluster(@JsonProperty("certificate-authority") String certificateAuthority,
      @JsonProperty("certificate-authority-data") String certificateAuthorityData, String server) {
  }

  /** A context entry. */
  public record NamedContext(Context context, String name) {
  }

  /** Which cluster, as which user. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Context(String cluster, String user) {
  }

  /** A user entry. */
  public record NamedUser(String name, User user) {
  }

  /** A client certificate and key, as files or inline (base64 PEM). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"client-certificate", "client-certificate-data", "client-key", "client-key-data"})
  public record User(@JsonProperty("client-certificate") String clientCertificate,
      @JsonProperty("client-certificate-data") String clientCertificateData,
      @JsonProperty("client-key") String clientKey, @JsonProperty("client-key-data") String clientKeyData) {
  }

  /** One cluster, user and context named {@code name}, with every certificate inline (the admin's). */
  public static Kubeconfig inline(String name, String user, URI server, String caPem, String certPem, String keyPem) {
    return single(name, user, new Cluster(null, base64(caPem), server.toString()),
        new User(null, base64(certPem), null, base64(keyPem)));
  }

  /** One cluster, user and context named {@code name}, with the certificates as files (a component's). */
  public static Kubeconfig files(String name, String user, URI server, String caFile, String certFile, String keyFile) {
    return single(name, user, new Cluster(caFile, null, server.toString()), new User(certFile, null, keyFile, null));
  }

  private static Kubeconfig single(String name, String user, Cluster cluster, User credentials) {
    return new Kubeconfig("v1", "Config", List.of(new NamedCluster(cluster, name)),
        List.of(new NamedContext(new Context(name, user), name)), name, List.of(new NamedUser(user, credentials)));
  }

  public static Kubeconfig parse(String yaml) {
    try {
      return YAML.readValue(yaml, Kubeconfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a kubeconfig: " + e.getOriginalMessage(), e);
    }
  }

  public static Kubeconfig read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + file, e);
    }
  }

  /** The kubeconfig as YAML; the same model always gives the same text. */
  public String yaml() {
    try {
      return YAML.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a kubeconfig always serializes", e);
    }
  }

  /** The current context's cluster. */
  @JsonIgnore
  public Cluster cluster() {
    String name = context().cluster();
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst().map(NamedCluster::cluster)
        .orElseThrow(() -> new IllegalArgumentException("kubeconfig has no cluster named \"" + name + "\""));
  }

  /** The current context's user. */
  @JsonIgnore
  public User user() {
    String name = context().user();
    return users.stream().filter(u -> u.name().equals(name)).findFirst().map(NamedUser::user)
        .orElseThrow(() -> new IllegalArgumentException("kubeconfig has no user named \"" + name + "\""));
  }

  private Context context() {
    return contexts.stream().filter(c -> currentContext == null || c.name().equals(currentContext)).findFirst()
        .map(NamedContext::context)
        .orElseThrow(() -> new IllegalArgumentException("kubeconfig has no context named \"" + currentContext + "\""));
  }

  /** This kubeconfig with every cluster's server replaced by {@code server} (e.g. a load balancer's address). */
  public Kubeconfig withServer(URI server) {
    return mapClusters(c -> new Cluster(c.certificateAuthority(), c.certificateAuthorityData(), server.toString()));
  }

  private Kubeconfig mapClusters(Function<Cluster, Cluster> change) {
    return new Kubeconfig(apiVersion, kind, clusters.stream().map(c -> new NamedCluster(change.apply(c.cluster()),
        c.name())).toList(), contexts, currentContext, users);
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
