#!/usr/bin/env bash
# `opaque`: the `distroless` layer, then a layer that replaces var/lib/dpkg/status.d wholesale
# (var/lib/dpkg/status.d/.wh..wh..opq) with the stanzas of three of its six packages. Without the
# opaque marker the other three would still show. The layer is written by GNU tar, because the
# layers umoci 0.4.7 `insert --opaque` writes end without the tar trailer (truncated archive).
source "$(dirname "$0")/lib.sh"
KEEP=(base-files libc6 tzdata)
rm -rf "$OUT/oci"
cp -a "$DEP_DISTROLESS/oci" "$OUT/oci"
mkdir -p "$OUT/truth/amd64"
cp "$DEP_DISTROLESS/truth/amd64/stage-1.tsv" "$OUT/truth/amd64/stage-1.tsv"
stage=$OUT/stage
statusd=$stage/var/lib/dpkg/status.d
rm -rf "$stage"
mkdir -p "$statusd"
for pkg in "${KEEP[@]}"; do
  cp "$DEP_DISTROLESS/bundle/rootfs/var/lib/dpkg/status.d/$pkg" "$DEP_DISTROLESS/bundle/rootfs/var/lib/dpkg/status.d/$pkg.md5sums" "$statusd/"
done
: >"$statusd/.wh..wh..opq"
chmod 0 "$statusd/.wh..wh..opq"
tar --sort=name --numeric-owner -C "$stage" -cf "$OUT/layer.tar" var/lib/dpkg/status.d
umoci raw add-layer --image "$OUT/oci:latest" --history.created_by "status.d replaced by ${KEEP[*]}" "$OUT/layer.tar"
rm -rf "$stage" "$OUT/layer.tar"
write_archives barnacle-test/opaque:latest
unpack_final amd64 status-d
record_stage amd64 2 "$OUT/bundle/rootfs" status-d
record_os amd64 "$OUT/bundle/rootfs"
describe
