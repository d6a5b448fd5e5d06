#!/usr/bin/env bash
# `gzip-bomb`: `bullseye` (DEP_BULLSEYE) plus a layer holding zeros.bin, 1 GiB of zeros, which
# gzip packs into about 1 MiB. OCI layout only (a docker-archive would hold the GiB uncompressed).
source "$(dirname "$0")/lib.sh"
rm -rf "$OUT/oci" "$OUT/stage"
cp -a "$DEP_BULLSEYE/oci" "$OUT/oci"
mkdir -p "$OUT/stage"
truncate -s 1G "$OUT/stage/zeros.bin"
# Streamed into umoci: the 1 GiB tar never lands on disk. Not --sparse: the tar holds every zero.
tar --numeric-owner -C "$OUT/stage" -cf - zeros.bin |
  umoci raw add-layer --image "$OUT/oci:latest" --history.created_by 'zeros.bin: 1 GiB of zeros' /dev/stdin
rm -rf "$OUT/stage"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$OUT/oci" -cf "$OUT/oci.tar" oci-layout index.json blobs
rm -rf "$OUT/truth"
cp -a "$DEP_BULLSEYE/truth" "$OUT/truth"
describe
