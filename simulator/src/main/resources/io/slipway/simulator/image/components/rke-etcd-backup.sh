#!/bin/sh
# RKE's etcd-rolling-snapshots: every --creation interval, save an etcd snapshot as
# /backup/<UTC timestamp>_etcd.zip and delete snapshots older than --retention.
# Usage: rke-etcd-backup etcd-backup save --cacert F --cert F --key F --name N
#        --endpoints=HOST:2379 --retention=72h --creation=12h
set -eu
seconds() {  # 12h, 30m, 45s, 1h30m -> seconds
  echo "$1" | sed -e 's/\([0-9]*\)h/\1*3600+/g' -e 's/\([0-9]*\)m/\1*60+/g' -e 's/\([0-9]*\)s/\1+/g' -e 's/+$//' | bc
}
cacert= cert= key= endpoints= retention=72h creation=12h
while [ $# -gt 0 ]; do
  case "$1" in
    --cacert) cacert=$2; shift ;;
    --cert) cert=$2; shift ;;
    --key) key=$2; shift ;;
    --name) shift ;;
    --endpoints=*) endpoints=${1#*=} ;;
    --retention=*) retention=${1#*=} ;;
    --creation=*) creation=${1#*=} ;;
  esac
  shift
done
interval=$(seconds "$creation")
keep=$(seconds "$retention")
mkdir -p /backup
echo "etcd-rolling-snapshots: every ${creation} from https://${endpoints}, keeping ${retention}"
while true; do
  sleep "$interval"
  stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  work=$(mktemp -d)
  if ETCDCTL_API=3 etcdctl --endpoints="https://${endpoints}" --cacert="$cacert" --cert="$cert" --key="$key" \
       snapshot save "$work/${stamp}_etcd" >/dev/null; then
    (cd "$work" && zip -q "/backup/${stamp}_etcd.zip" "${stamp}_etcd")
    echo "etcd-rolling-snapshots: saved /backup/${stamp}_etcd.zip"
  else
    echo "etcd-rolling-snapshots: snapshot failed" >&2
  fi
  rm -rf "$work"
  now=$(date +%s)
  for old in /backup/*_etcd.zip; do
    [ -e "$old" ] || continue
    if [ $((now - $(stat -c %Y "$old"))) -gt "$keep" ]; then rm -f "$old"; echo "etcd-rolling-snapshots: removed $old"; fi
  done
done
