# Shared helpers for the test image builders (sourced, not run). Each builder is
# called as `build-<name>.sh OUT_DIR` with the inputs it depends on in the
# environment (BASE_AMD64, BASE_ARM64: mmdebstrap tarballs; DEP_<NAME>: the
# directories of images built before it). Everything is written under OUT_DIR.
set -euo pipefail
export LC_ALL=C.UTF-8 TZ=UTC

OUT=$(realpath -m "${1:?usage: $0 OUT_DIR}")
mkdir -p "$OUT"
SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() { printf '[%s] %s\n' "$(basename "$OUT")" "$*" >&2; }

# dpkg-query over the admin directory of a root filesystem, one installed package a line:
# Package, Version, source name, source version, Architecture (tab separated).
ground_truth() {
  local admindir=$1/var/lib/dpkg
  dpkg-query --admindir="$admindir" -W \
    -f '${db:Status-Abbrev}\t${Package}\t${Version}\t${source:Package}\t${source:Version}\t${Architecture}\n' |
    awk -F'\t' '$1 ~ /^ii/ { print $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 }' | sort
}

# Ground truth of a distroless-style root filesystem: status.d/<pkg> stanzas carry no
# Status field, so they are gathered into a temporary admin dir for dpkg-query.
ground_truth_status_d() {
  local root=$1 tmp
  tmp=$(mktemp -d)
  mkdir -p "$tmp/var/lib/dpkg/info" "$tmp/var/lib/dpkg/updates"
  : >"$tmp/var/lib/dpkg/status"
  local f
  for f in "$root"/var/lib/dpkg/status.d/*; do
    case $f in *.md5sums) continue ;; esac
    { echo 'Status: install ok installed'; cat "$f"; echo; } >>"$tmp/var/lib/dpkg/status"
  done
  ground_truth "$tmp"
  rm -rf "$tmp"
}

# Records the package state after layer N of a platform: truth/<platform>/stage-N.tsv.
record_stage() { # platform n rootfs [status-d]
  mkdir -p "$OUT/truth/$1"
  if [ "${4:-}" = status-d ]; then ground_truth_status_d "$3"; else ground_truth "$3"; fi >"$OUT/truth/$1/stage-$2.tsv"
}

# Copies the OS facts (os-release, debian_version) of a root filesystem beside the truth.
record_os() { # platform rootfs
  mkdir -p "$OUT/truth/$1"
  cp "$2/etc/os-release" "$OUT/truth/$1/os-release" 2>/dev/null || cp "$2/usr/lib/os-release" "$OUT/truth/$1/os-release"
  cp "$2/etc/debian_version" "$OUT/truth/$1/debian_version"
}

# A fresh OCI layout with an empty image tagged `latest` for the given architecture.
new_layout() { # dir arch
  umoci init --layout "$1"
  umoci new --image "$1:latest"
  umoci config --image "$1:latest" --os linux --architecture "$2" \
    --config.cmd /bin/bash --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}

# Runs a command in a chroot with /proc mounted and the host's resolver (for apt).
in_chroot() { # rootfs cmd...
  local root=$1
  shift
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mount -t proc proc "$root/proc"
  local rc=0
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@" || rc=$?
  umount "$root/proc"
  : >"$root/etc/resolv.conf"
  return $rc
}

# The archive forms of an OCI layout: a tar of the layout, a docker-archive (`docker save`
# layout, as skopeo writes it) and that archive gzipped.
write_archives() { # repo-tag (e.g. barnacle-test/bullseye:latest)
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$OUT/oci" -cf "$OUT/oci.tar" oci-layout index.json blobs
  rm -f "$OUT/docker.tar" "$OUT/docker.tar.gz"
  skopeo --insecure-policy copy -q "oci:$OUT/oci:latest" "docker-archive:$OUT/docker.tar:$1"
  gzip -n -6 -c "$OUT/docker.tar" >"$OUT/docker.tar.gz"
}

# Unpacks the final image with umoci (which applies whiteouts itself) into OUT/bundle and
# records its package state as truth/<platform>/final.tsv: an independent check of the stages.
unpack_final() { # platform [status-d] [image-ref]
  rm -rf "$OUT/bundle"
  mkdir -p "$OUT/truth/$1"
  umoci unpack --image "${3:-$OUT/oci:latest}" "$OUT/bundle" >/dev/null
  if [ "${2:-}" = status-d ]; then ground_truth_status_d "$OUT/bundle/rootfs"; else ground_truth "$OUT/bundle/rootfs"; fi \
    >"$OUT/truth/$1/final.tsv"
}

# Writes OUT/image.json from the layout and the recorded truth.
describe() {
  node "$SCRIPTS/describe.mjs" "$OUT"
}
