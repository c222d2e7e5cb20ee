#!/bin/sh
# RKE's nginx-proxy: a TCP load balancer on this node's port 6443 in front of every apiserver.
# The apiservers come as CP_HOSTS=a,b,c in the environment or as an argument (RKE passes both).
set -eu
hosts="${CP_HOSTS:-}"
for arg in "$@"; do
  case "$arg" in CP_HOSTS=*) hosts="${arg#CP_HOSTS=}" ;; esac
done
[ -n "$hosts" ] || { echo "nginx-proxy: no CP_HOSTS given" >&2; exit 1; }
{
  echo "load_module /usr/lib/nginx/modules/ngx_stream_module.so;"
  echo "worker_processes 1;"
  echo "error_log stderr notice;"
  echo "events { worker_connections 1024; }"
  echo "stream {"
  echo "  upstream kube_apiserver {"
  for host in $(echo "$hosts" | tr ',' ' '); do
    echo "    server $host:6443 max_fails=3 fail_timeout=10s;"
  done
  echo "  }"
  echo "  server {"
  echo "    listen 6443;"
  echo "    proxy_pass kube_apiserver;"
  echo "    proxy_connect_timeout 2s;"
  echo "    proxy_timeout 30m;"
  echo "  }"
  echo "}"
} > /etc/nginx/nginx.conf
echo "nginx-proxy: forwarding :6443 to $hosts"
exec nginx -g 'daemon off;'
