#!/usr/bin/env bash
# `multiarch`: linux/amd64 (`bullseye`, DEP_BULLSEYE) and linux/arm64 (minbase built for arm64 under
# qemu-user, BASE_ARM64) in one OCI layout: oci/ lists both manifests in index.json; oci-nested/
# has index.json -> image index -> both manifests (as `skopeo copy --all` leaves it).
source "$(dirname "$0")/lib.sh"
rm -rf "$OUT/arm64" "$OUT/oci" "$OUT/oci-nested"
new_layout "$OUT/arm64" arm64
umoci raw add-layer --image "$OUT/arm64:latest" --history.created_by 'mmdebstrap --variant=minbase --arch=arm64 bullseye' "$BASE_ARM64"
unpack_final arm64 '' "$OUT/arm64:latest"
record_stage arm64 1 "$OUT/bundle/rootfs"
record_os arm64 "$OUT/bundle/rootfs"
rm -rf "$OUT/bundle"
mkdir -p "$OUT/truth"
rm -rf "$OUT/truth/amd64"
cp -a "$DEP_BULLSEYE/truth/amd64" "$OUT/truth/amd64"
node "$SCRIPTS/combine-index.mjs" "$OUT/oci" "$OUT/oci-nested" "$DEP_BULLSEYE/oci" "$OUT/arm64"
rm -rf "$OUT/arm64"
for layout in oci oci-nested; do
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$OUT/$layout" -cf "$OUT/$layout.tar" oci-layout index.json blobs
done
describe
