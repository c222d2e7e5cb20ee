#!/bin/sh
# Run as the last step of an image's build stage, after its packages are installed: leaves in
# the root file system only what the image's programs run on. The final stage copies the result
# onto an empty image as one layer, so what is removed here is really gone (a later layer that
# deletes files only hides them).
#   slim-rootfs.sh [PATH...]   PATHs: programs of the installed packages this image never runs
set -eu

# 1. Programs nobody runs here, named by the image.
rm -rf "$@"

# 2. Package management and what only it uses: nothing installs packages into a Slipway image
#    once it is built (perl is debconf's; iconv's gconv modules and the locales serve no program
#    here; Java brings its own time zones and Go programs run in UTC).
rm -rf /var/lib/apt /var/lib/dpkg /var/cache/apt /var/cache/debconf /etc/apt /etc/dpkg /usr/lib/apt /usr/lib/dpkg \
  /usr/bin/apt* /usr/bin/dpkg* /usr/sbin/dpkg* /usr/bin/debconf* /usr/share/debconf /etc/debconf.conf \
  /usr/bin/perl* /usr/share/perl* /usr/lib/x86_64-linux-gnu/perl* /usr/lib/x86_64-linux-gnu/gconv \
  /usr/share/doc /usr/share/man /usr/share/info /usr/share/locale /usr/share/i18n /usr/lib/locale \
  /usr/share/zoneinfo /usr/share/lintian /usr/share/common-licenses /usr/share/bash-completion \
  /usr/share/menu /usr/share/polkit-1 /usr/share/pixmaps
find /var/log -type f -delete  # the folders stay: programs log into them

# What the ELF files link and the loader does not find on its own (the Java runtime's libraries
# find libjvm only once java has loaded it; some plugins of the packages link optional libraries).
unresolved() {
  find / -xdev -type f \( -perm -u+x -o -name '*.so' -o -name '*.so.*' \) 2>/dev/null | while read -r file; do
    ldd "$file" 2>/dev/null | awk -v f="$file" '/not found/ {print f ": " $1}'
  done | sort -u
}
unresolved_before=$(mktemp)
unresolved > "$unresolved_before"

# 3. Shared libraries no remaining program loads. ldd lists the whole closure of each program
#    and of each library outside the pruned folder (nginx's modules, iptables' extensions, the
#    Java runtime's), so a library only an unused library needs goes too. The C library's own
#    parts, which it loads by name at run time (name service modules, libgcc_s for thread
#    cancellation), always stay.
needed=$(mktemp)
find / -xdev -type f \( -perm -u+x -o -name '*.so' -o -name '*.so.*' \) \
    ! -regex '/usr/lib/x86_64-linux-gnu/[^/]*' 2>/dev/null | while read -r file; do
  ldd "$file" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3}'
done | while read -r lib; do readlink -f "$lib"; done | sort -u > "$needed"
for lib in /usr/lib/x86_64-linux-gnu/*.so*; do
  case "${lib##*/}" in
    ld-linux* | libc.so* | libm.so* | libdl.so* | libpthread.so* | librt.so* | libresolv.so* | libnss_* \
      | libgcc_s.so* | libutil.so* | libanl.so* | libcrypt.so* | libmvec.so*) continue ;;
  esac
  if ! grep -qxF "$(readlink -f "$lib")" "$needed"; then
    rm -f "$lib"
  fi
done
rm -f "$needed"
# symbolic links whose target went with the libraries above
find /usr/lib/x86_64-linux-gnu -maxdepth 1 -type l ! -exec test -e {} \; -delete

# 4. Check: nothing links a library that step 3 removed.
missing=$(unresolved | comm -13 "$unresolved_before" -)
rm -f "$unresolved_before"
if [ -n "$missing" ]; then
  echo "slim-rootfs.sh: libraries removed that are still linked:" >&2
  echo "$missing" >&2
  exit 1
fi
