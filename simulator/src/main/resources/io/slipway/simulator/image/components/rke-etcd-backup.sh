#!/bin/sh
# RKE's snapshot tool (rke-tools' etcd-backup), for the stand-in components:
#   etcd-backup save --cacert F --cert F --key F --name N --endpoints=HOST:2379 --once
#       one snapshot, /backup/N.zip (0600): the database as backup/N and, when it lies there,
#       the state file /etc/kubernetes/N.slipwaystate beside it (removed once zipped);
#   etcd-backup save ... --retention=72h --creation=12h
#       etcd-rolling-snapshots: every --creation, /backup/<UTC timestamp>_etcd.zip, and
#       snapshots older than --retention deleted;
#   etcd-backup delete --name N
#       /backup/N.zip and /backup/N deleted.
set -eu
seconds() {  # 12h, 30m, 45s, 1h30m -> seconds
  echo "$1" | sed -e 's/\([0-9]*\)h/\1*3600+/g' -e 's/\([0-9]*\)m/\1*60+/g' -e 's/\([0-9]*\)s/\1+/g' -e 's/+$//' | bc
}
[ "${1:-}" = etcd-backup ] && shift
action=${1:-save}
shift || true
cacert= cert= key= endpoints= name= once= retention=72h creation=12h
while [ $# -gt 0 ]; do
  case "$1" in
    --cacert) cacert=$2; shift ;;
    --cert) cert=$2; shift ;;
    --key) key=$2; shift ;;
    --name) name=$2; shift ;;
    --name=*) name=${1#*=} ;;
    --endpoints=*) endpoints=${1#*=} ;;
    --retention=*) retention=${1#*=} ;;
    --creation=*) creation=${1#*=} ;;
    --once) once=1 ;;
  esac
  shift
done
mkdir -p /backup
umask 077

# snapshot NAME: /backup/NAME.zip holding backup/NAME (and the state file when it lies there)
snapshot() {
  work=$(mktemp -d)
  mkdir -p "$work/backup"
  if ! ETCDCTL_API=3 etcdctl --endpoints="https://${endpoints}" --cacert="$cacert" --cert="$cert" --key="$key" \
       snapshot save "$work/backup/$1" >/dev/null; then
    rm -rf "$work"
    return 1
  fi
  state=/etc/kubernetes/$1.slipwaystate
  entries=backup
  if [ -f "$state" ]; then
    mkdir -p "$work/etc/kubernetes" && cp "$state" "$work/etc/kubernetes/" && entries="backup etc"
  fi
  rm -f "/backup/$1.zip.tmp"  # a killed run's: zip would add to it
  if ! { (cd "$work" && zip -q -r "/backup/$1.zip.tmp" $entries) && chmod 600 "/backup/$1.zip.tmp" \
       && mv -f "/backup/$1.zip.tmp" "/backup/$1.zip"; }; then
    rm -rf "$work" "/backup/$1.zip.tmp"
    return 1
  fi
  rm -rf "$work" && rm -f "$state"
}

case "$action" in
  delete)
    [ -n "$name" ] || { echo "etcd-backup delete: --name is required" >&2; exit 2; }
    rm -f "/backup/$name.zip" "/backup/$name"
    echo "etcd-backup: deleted snapshot $name"
    ;;
  save)
    if [ -n "$once" ]; then
      [ -n "$name" ] || { echo "etcd-backup save --once: --name is required" >&2; exit 2; }
      snapshot "$name" || { echo "etcd-backup: snapshot $name failed" >&2; exit 1; }
      echo "etcd-backup: saved /backup/$name.zip"
      exit 0
    fi
    interval=$(seconds "$creation")
    keep=$(seconds "$retention")
    echo "etcd-rolling-snapshots: every ${creation} from https://${endpoints}, keeping ${retention}"
    while true; do
      sleep "$interval"
      stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
      if snapshot "${stamp}_etcd"; then
        echo "etcd-rolling-snapshots: saved /backup/${stamp}_etcd.zip"
      else
        echo "etcd-rolling-snapshots: snapshot failed" >&2
      fi
      now=$(date +%s)
      for old in /backup/*_etcd.zip; do
        [ -e "$old" ] || continue
        if [ $((now - $(stat -c %Y "$old"))) -gt "$keep" ]; then rm -f "$old"; echo "etcd-rolling-snapshots: removed $old"; fi
      done
    done
    ;;
  *)
    echo "etcd-backup: unknown action $action" >&2; exit 2 ;;
esac
