#!/usr/bin/env bash
# `three-layer`: minbase; + apt-get install ca-certificates netbase openssl; + apt-get purge netbase.
# umoci repack turns each change of the unpacked root into a layer (deleted files become .wh. entries).
source "$(dirname "$0")/lib.sh"
new_layout "$OUT/oci" amd64
umoci raw add-layer --image "$OUT/oci:latest" --history.created_by 'mmdebstrap --variant=minbase bullseye' "$BASE_AMD64"
work=$OUT/work
umoci unpack --image "$OUT/oci:latest" "$work" >/dev/null
record_stage amd64 1 "$work/rootfs"

log 'layer 2: apt-get install ca-certificates netbase openssl'
in_chroot "$work/rootfs" sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates netbase openssl >/dev/null && apt-get clean && rm -rf /var/lib/apt/lists/*'
record_stage amd64 2 "$work/rootfs"
umoci repack --refresh-bundle --image "$OUT/oci:latest" --history.created_by 'apt-get install ca-certificates netbase openssl' "$work"

log 'layer 3: apt-get purge netbase'
in_chroot "$work/rootfs" sh -c 'apt-get purge -y -qq netbase >/dev/null'
record_stage amd64 3 "$work/rootfs"
umoci repack --image "$OUT/oci:latest" --history.created_by 'apt-get purge netbase' "$work"
rm -rf "$work"

umoci gc --layout "$OUT/oci"
write_archives barnacle-test/three-layer:latest
unpack_final amd64
record_os amd64 "$OUT/bundle/rootfs"
describe
