# Sourced by bin/test and bin/rehearse: makes sure what Slipway needs is there. On Debian/Ubuntu
# as root it installs what is missing (Docker engine, debootstrap, etcd, ssh-agent, chromium,
# openssl, iproute2, kubectl) and starts dockerd when none answers (stopped again on exit unless
# SLIPWAY_KEEP_DOCKERD is set); anywhere else it says what to install.
# Needs: $root, $docker_cli, say().

packages=(docker.io debootstrap etcd-server openssh-client chromium openssl iproute2)
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v etcd >/dev/null || missing+=(etcd-server)   # real etcd for the stand-in apiserver's tests
command -v ssh-agent >/dev/null || missing+=(openssh-client)   # a real agent for ssh_agent_auth, ssh-keygen for SSH certificates
command -v chromium >/dev/null || missing+=(chromium)   # opens the HTML reports in the report tests
command -v openssl >/dev/null || missing+=(openssl)   # bin/engines: the certificates of the extra Docker engines
command -v ip >/dev/null || missing+=(iproute2)   # bin/engines: their network namespaces
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} from Debian packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "missing: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${packages[*]}),"
    say "start dockerd, and run bin/test again; or run bin/test as root on Debian and it does this itself."
    exit 1
  fi
fi
# The real kubectl the stand-in apiserver is checked with: Debian's kubernetes-client, unpacked
# beside (not over) any kubectl the machine has, since another package may own /usr/bin/kubectl.
kubectl_dir=/var/cache/slipway/kubernetes-client
export SLIPWAY_KUBECTL="${SLIPWAY_KUBECTL:-$kubectl_dir/usr/bin/kubectl}"
if [ ! -x "$SLIPWAY_KUBECTL" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "unpacking Debian's kubernetes-client (kubectl) into $kubectl_dir"
    work=$(mktemp -d)
    (cd "$work" && { apt-get download -q kubernetes-client >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get download -q kubernetes-client >/dev/null; }; }) \
      && mkdir -p "$kubectl_dir" && dpkg-deb -x "$work"/kubernetes-client_*.deb "$kubectl_dir"
    rm -rf "$work"
  fi
  [ -x "$SLIPWAY_KUBECTL" ] || { say "missing kubectl; set SLIPWAY_KUBECTL to a kubectl 1.20+ binary, or run as root on Debian"; exit 1; }
fi

for tool in java mvn; do
  command -v "$tool" >/dev/null || { say "missing: $tool (JDK 17 and Maven 3.8+ are needed)"; exit 1; }
done

started_dockerd=
stop_dockerd() {
  if [ -n "$started_dockerd" ] && [ -z "${SLIPWAY_KEEP_DOCKERD:-}" ]; then
    say "stopping the dockerd this script started (pid $started_dockerd)"
    kill "$started_dockerd" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$started_dockerd" 2>/dev/null || break; sleep 1; done
  fi
}
trap stop_dockerd EXIT

if ! "$docker_cli" info >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    say "no Docker engine answers and this is not root; start dockerd (or add yourself to the docker group)"
    exit 1
  fi
  say "starting dockerd (log: /var/log/slipway-dockerd.log)"
  setsid dockerd --host unix:///var/run/docker.sock >/var/log/slipway-dockerd.log 2>&1 &
  started_dockerd=$!
  for _ in $(seq 1 60); do "$docker_cli" info >/dev/null 2>&1 && break; sleep 1; done
  "$docker_cli" info >/dev/null 2>&1 || { say "dockerd did not come up; last lines of its log:"; tail -20 /var/log/slipway-dockerd.log >&2; exit 1; }
fi
say "Docker $("$docker_cli" version --format '{{.Server.Version}}') answers"
