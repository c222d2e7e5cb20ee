#!/bin/sh
# A load-balancer node: nginx proxies TCP 6443 to every apiserver with the reference
# walkthrough's stream settings; with SLIPWAY_VIP set, keepalived (VRRP) holds that floating
# address on the LB with the highest SLIPWAY_VRRP_PRIORITY that is alive.
set -eu
: "${SLIPWAY_APISERVERS:?space-separated apiserver addresses}"

{
  echo 'include /etc/nginx/modules-enabled/*.conf;'
  echo 'worker_processes 2;'
  echo 'error_log stderr notice;'
  echo 'events { worker_connections 4096; }'
  echo 'stream {'
  echo '  upstream apiserver {'
  for server in $SLIPWAY_APISERVERS; do
    echo "    server $server:6443 weight=5 max_fails=3 fail_timeout=60s;"
  done
  echo '  }'
  echo '  server {'
  echo '    listen 6443;'
  echo '    proxy_connect_timeout 1s;'
  echo '    proxy_timeout 10s;'
  echo '    proxy_pass apiserver;'
  echo '  }'
  echo '}'
} > /etc/nginx/nginx.conf

if [ -n "${SLIPWAY_VIP:-}" ]; then
  cat > /etc/keepalived/keepalived.conf <<CONF
vrrp_instance apiserver {
  state BACKUP
  interface eth0
  virtual_router_id ${SLIPWAY_VRRP_ROUTER_ID:-51}
  priority ${SLIPWAY_VRRP_PRIORITY:-100}
  advert_int 1
  virtual_ipaddress {
    ${SLIPWAY_VIP}
  }
}
CONF
  # A restarted container keeps its files: keepalived's pid files from the last run would make it
  # take itself (same pid, same start order) for a running daemon and exit.
  rm -f /run/keepalived.pid /run/vrrp.pid /run/checkers.pid /var/run/keepalived.pid /var/run/vrrp.pid
  keepalived -n -l -D -f /etc/keepalived/keepalived.conf &
fi

nginx -t
rm -f /run/nginx.pid
echo "slipway-lb: ready"
exec nginx -g 'daemon off;'
