#!/usr/bin/env bash
# `big-layer`: `bullseye` (DEP_BULLSEYE) plus one layer of about 560 MB: five full copies of the
# base's /usr (binaries, libraries, docs, locales) under /opt/data/copy-<N>/.
source "$(dirname "$0")/lib.sh"
rm -rf "$OUT/oci" "$OUT/stage"
cp -a "$DEP_BULLSEYE/oci" "$OUT/oci"
for n in 1 2 3 4 5; do
  mkdir -p "$OUT/stage/opt/data/copy-$n"
  cp -a "$DEP_BULLSEYE/bundle/rootfs/usr" "$OUT/stage/opt/data/copy-$n/"
done
tar --sort=name --numeric-owner -C "$OUT/stage" -cf - opt |
  umoci raw add-layer --image "$OUT/oci:latest" --history.created_by 'five copies of /usr' /dev/stdin
rm -rf "$OUT/stage"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$OUT/oci" -cf "$OUT/oci.tar" oci-layout index.json blobs
rm -rf "$OUT/truth"
cp -a "$DEP_BULLSEYE/truth" "$OUT/truth"
describe
