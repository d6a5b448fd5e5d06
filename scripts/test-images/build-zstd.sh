#!/usr/bin/env bash
# `zstd`: `three-layer` (DEP_THREE_LAYER) recompressed by skopeo with zstd layers, OCI layout only
# (a docker-archive holds uncompressed layers).
source "$(dirname "$0")/lib.sh"
rm -rf "$OUT/oci"
skopeo --insecure-policy copy -q --dest-compress --dest-compress-format zstd \
  "oci:$DEP_THREE_LAYER/oci:latest" "oci:$OUT/oci:latest"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$OUT/oci" -cf "$OUT/oci.tar" oci-layout index.json blobs
rm -rf "$OUT/truth"
cp -a "$DEP_THREE_LAYER/truth" "$OUT/truth"
describe
