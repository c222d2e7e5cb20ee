package io.slipway.engine.host;

import io.slipway.engine.SlipwayException;

/**
 * A host could not be reached or logged into over SSH. Carries the host, user and key path,
 * and a hint that names the fix for the failures RKE users meet most.
 */
public final class SshException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, each with its remedy. */
  public enum Kind {
    UNREACHABLE("check the address and port, and that sshd runs on the host"),
    HOST_KEY_UNKNOWN("add the host's key to known_hosts (ssh-keyscan), or pass --ssh-trust-on-first-use once"),
    HOST_KEY_CHANGED("the host presented another key than known_hosts lists: check you reach the right machine, "
        + "then remove its stale line from known_hosts"),
    AUTHENTICATION("add that key's public half to the user's ~/.ssh/authorized_keys, or set nodes[].ssh_key_path"),
    AGENT("start an SSH agent and add the key (ssh-add), check SSH_AUTH_SOCK, or set ssh_agent_auth: false and "
        + "name the key in ssh_key_path"),
    DOCKER_SOCKET("let the user reach the Docker socket (add it to the docker group), or set nodes[].docker_socket"),
    DOCKER_VERSION("install a supported Docker release, or accept this one with ignore_docker_version: true in "
        + "cluster.yml (or --ignore-docker-version)"),
    OTHER("run again with -v for the full error");

    private final String hint;

    Kind(String hint) {
      this.hint = hint;
    }
  }

  private final transient HostAddress host;
  private final Kind kind;

  public SshException(HostAddress host, Kind kind, String what, Throwable cause) {
    super(host + ": " + what, cause);
    this.host = host;
    this.kind = kind;
  }

  public HostAddress host() {
    return host;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public String hint() {
    return kind.hint;
  }
}
