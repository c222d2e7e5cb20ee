#!/bin/bash
# Stand-in of rke-tools' /opt/rke-tools/entrypoint.sh, through which RKE starts the kubelet: with
# RKE_KUBELET_CRIDOCKERD=true (Kubernetes 1.24 and later) it starts cri-dockerd in the kubelet's
# container first, on the endpoint the kubelet is given, and ends when either of the two ends,
# so the container's restart policy brings both back. Anything else is run as it is.
set -euo pipefail
if [ "${1:-}" = kubelet ] && [ "${RKE_KUBELET_CRIDOCKERD:-}" = true ]; then
  endpoint=unix:///var/run/cri-dockerd.sock
  pause=()
  for arg in "$@"; do
    case "$arg" in
      --container-runtime-endpoint=*) endpoint=${arg#*=} ;;
      --pod-infra-container-image=*) pause=("$arg") ;;
    esac
  done
  socket=${endpoint#unix://}
  rm -f "$socket"
  /opt/rke-tools/bin/cri-dockerd --network-plugin=cni --cni-conf-dir=/etc/cni/net.d --cni-bin-dir=/opt/cni/bin \
    "${pause[@]}" --container-runtime-endpoint="$endpoint" \
    --streaming-bind-addr="${CRIDOCKERD_STREAM_SERVER_ADDRESS:-127.0.0.1}:${CRIDOCKERD_STREAM_SERVER_PORT:-10010}" &
  # wait until cri-dockerd listens (RKE sleeps 10 s instead), at most 30 s
  for _ in $(seq 1 300); do
    [ -S "$socket" ] && break
    kill -0 $! 2>/dev/null || { echo "entrypoint: cri-dockerd exited" >&2; exit 1; }
    sleep 0.1
  done
  [ -S "$socket" ] || { echo "entrypoint: cri-dockerd did not listen on $socket within 30 s" >&2; exit 1; }
  "$@" &
  wait -n
  exit $?
fi
exec "$@"
