#!/usr/bin/env bash
# `bullseye`: the minbase tarball as one layer.
source "$(dirname "$0")/lib.sh"
new_layout "$OUT/oci" amd64
umoci raw add-layer --image "$OUT/oci:latest" --history.created_by 'mmdebstrap --variant=minbase bullseye' "$BASE_AMD64"
write_archives barnacle-test/bullseye:latest
unpack_final amd64
record_stage amd64 1 "$OUT/bundle/rootfs"
record_os amd64 "$OUT/bundle/rootfs"
describe
