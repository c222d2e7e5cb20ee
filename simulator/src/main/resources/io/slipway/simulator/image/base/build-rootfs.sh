#!/bin/sh
# Bootstraps a minimal Debian bookworm root file system from Debian's packages and writes it
# as a tar archive, for machines that reach Debian's mirror but no image registry.
# Slipway imports the archive as its base image. Usage: build-rootfs.sh OUT.tar [MIRROR]
set -eu
out=${1:?usage: build-rootfs.sh OUT.tar [MIRROR]}
mirror=${2:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || { echo "debootstrap is not installed; run: apt-get install debootstrap" >&2; exit 3; }
rootfs=$(mktemp -d /tmp/slipway-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror"
# apt inside derived images: no recommends, no caches kept in layers, no docs
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$rootfs/etc/apt/apt.conf.d/90slipway"
printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\n' \
  > "$rootfs/etc/dpkg/dpkg.cfg.d/90slipway-nodoc"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
tar -C "$rootfs" -cf "$out" .
