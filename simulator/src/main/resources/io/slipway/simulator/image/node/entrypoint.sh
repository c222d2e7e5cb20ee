#!/bin/bash
# Entrypoint of a fake node. Order matters (see docs/fleet.md):
# fresh /run, writable /proc and cgroups, SSH keys, dockerd, sshd, readiness line.
set -euo pipefail
log() { echo "slipway-node: $*"; }

# 1. A stale docker.pid in /run breaks dockerd after a node restart.
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/sshd

# The kubelet bind-mounts /var/lib/kubelet with shared propagation, which needs a shared root.
mount --make-rshared /

# 2. Docker masks parts of /proc read-only; dockerd needs them (what systempaths=unconfined does).
for m in $(awk '$5 ~ "^/proc/." {print $5}' /proc/self/mountinfo | sort -r); do
  umount "$m" 2>/dev/null || umount -l "$m" || true
done

# 3. cgroup v1 hierarchies are mounted read-only; remount them read-write for the inner dockerd.
if [ -d /sys/fs/cgroup/memory ]; then
  for s in blkio cpu cpuacct cpuset devices freezer memory pids; do
    [ -d "/sys/fs/cgroup/$s" ] || continue
    umount "/sys/fs/cgroup/$s" 2>/dev/null || true
    mount -t cgroup -o "$s" cgroup "/sys/fs/cgroup/$s"
  done
  umount /sys/fs/cgroup/systemd 2>/dev/null || true
  mkdir -p /sys/fs/cgroup/systemd
  mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
fi

# 4. SSH: the fleet copies the host key and the authorized key in before start.
[ -s /etc/ssh/ssh_host_ed25519_key ] || { log "no host key at /etc/ssh/ssh_host_ed25519_key"; exit 1; }
chmod 600 /etc/ssh/ssh_host_ed25519_key /root/.ssh/authorized_keys
# A user other than root, as RKE allows one: a member of the docker group, logging in with the same key.
user=${SLIPWAY_SSH_USER:-root}
if [ "$user" != root ]; then
  id -u "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash --groups docker --password '*' "$user"  # '*': no password, yet not locked (sshd refuses locked accounts)
  install -d -m 700 -o "$user" -g "$user" "/home/$user/.ssh"
  [ -f "/home/$user/.ssh/authorized_keys" ] || install -m 600 -o "$user" -g "$user" /root/.ssh/authorized_keys "/home/$user/.ssh/authorized_keys"
fi

# 5. dockerd: keep its address pool clear of the cluster's pod/service ranges and the host gateway.
# slipway-runc drops the capabilities a fake node cannot grant, so privileged containers start.
dockerd_args=(--host unix:///var/run/docker.sock --default-address-pool "base=10.199.0.0/16,size=24"
  --add-runtime "slipway=/usr/local/bin/slipway-runc" --default-runtime slipway)
[ -n "${SLIPWAY_REGISTRY:-}" ] && dockerd_args+=(--insecure-registry "$SLIPWAY_REGISTRY")
mkdir -p /var/log
dockerd "${dockerd_args[@]}" >/var/log/dockerd.log 2>&1 &
dockerd_pid=$!

# 6. Wait until dockerd answers; fail loudly if it never does.
for _ in $(seq 1 120); do
  docker version >/dev/null 2>&1 && break
  kill -0 "$dockerd_pid" 2>/dev/null || { log "dockerd exited"; tail -n 30 /var/log/dockerd.log; exit 1; }
  sleep 0.25
done
docker version >/dev/null 2>&1 || { log "dockerd did not answer within 30s"; tail -n 30 /var/log/dockerd.log; exit 1; }

/usr/sbin/sshd -D -e -p "${SLIPWAY_SSH_PORT:-22}" &
sshd_pid=$!

stop() { kill -TERM "$sshd_pid" "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; exit 0; }
trap stop TERM INT
log "ready (dockerd $(docker version --format '{{.Server.Version}}'))"
# Either process ending ends the node, as a crashed host would.
wait -n "$sshd_pid" "$dockerd_pid"
log "a core process exited; stopping"
stop
