#!/usr/bin/env bash
# `big-status`: `bullseye` (DEP_BULLSEYE) plus a layer whose var/lib/dpkg/status (about 50 MB) repeats
# the real stanzas of the base's status with each Package renamed to <name>-copy<N>.
source "$(dirname "$0")/lib.sh"
rm -rf "$OUT/oci" "$OUT/stage"
cp -a "$DEP_BULLSEYE/oci" "$OUT/oci"
mkdir -p "$OUT/stage/var/lib/dpkg/info" "$OUT/stage/var/lib/dpkg/updates"
src=$DEP_BULLSEYE/bundle/rootfs/var/lib/dpkg/status
copies=$(((50 * 1000 * 1000 + $(wc -c <"$src") - 1) / $(wc -c <"$src")))
awk -v copies="$copies" '
  { lines[NR] = $0 }
  END {
    for (n = 1; n <= copies; n++)
      for (i = 1; i <= NR; i++)
        print (lines[i] ~ /^Package: / ? lines[i] "-copy" n : lines[i])
  }' "$src" >"$OUT/stage/var/lib/dpkg/status"
record_stage amd64 2 "$OUT/stage"
tar --numeric-owner -C "$OUT/stage" -cf "$OUT/layer.tar" var/lib/dpkg/status
umoci raw add-layer --image "$OUT/oci:latest" --history.created_by "status with $copies renamed copies" "$OUT/layer.tar"
rm -rf "$OUT/stage" "$OUT/layer.tar"
cp "$DEP_BULLSEYE/truth/amd64/stage-1.tsv" "$OUT/truth/amd64/stage-1.tsv"
record_os amd64 "$DEP_BULLSEYE/bundle/rootfs"
write_archives barnacle-test/big-status:latest
describe
