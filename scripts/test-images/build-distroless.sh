#!/usr/bin/env bash
# `distroless`: one layer in the shape of Google's distroless images: no var/lib/dpkg/status,
# one control stanza per package in var/lib/dpkg/status.d/<name> (the stanza dpkg recorded, without
# its Status and Conffiles fields) beside <name>.md5sums, and the files of those packages only.
# Taken from the root filesystem of `three-layer` (DEP_THREE_LAYER).
source "$(dirname "$0")/lib.sh"
PACKAGES=(base-files tzdata libc6 libssl1.1 openssl ca-certificates)
src=$DEP_THREE_LAYER/bundle/rootfs
stage=$OUT/stage
rm -rf "$stage"
mkdir -p "$stage/var/lib/dpkg/status.d"
for pkg in "${PACKAGES[@]}"; do
  dpkg-query --admindir="$src/var/lib/dpkg" -L "$pkg" | while IFS= read -r path; do
    if [ -e "$src$path" ] || [ -L "$src$path" ]; then printf '%s\n' ".$path"; fi
  done >"$OUT/files.list"
  tar --no-recursion -C "$src" -cf - -T "$OUT/files.list" | tar -C "$stage" -xf -
  dpkg-query --admindir="$src/var/lib/dpkg" -s "$pkg" |
    awk '/^[^ ]/ { skip = ($1 == "Status:" || $1 == "Conffiles:") } !skip' >"$stage/var/lib/dpkg/status.d/$pkg"
  for md5 in "$src/var/lib/dpkg/info/$pkg.md5sums" "$src/var/lib/dpkg/info/$pkg:amd64.md5sums"; do
    if [ -f "$md5" ]; then cp "$md5" "$stage/var/lib/dpkg/status.d/$pkg.md5sums"; fi
  done
done
rm -f "$OUT/files.list"
mkdir -p "$stage/tmp" "$stage/root" "$stage/home"
tar --sort=name --numeric-owner -C "$stage" -cf "$OUT/layer.tar" .

new_layout "$OUT/oci" amd64
umoci raw add-layer --image "$OUT/oci:latest" --history.created_by "status.d layer of ${PACKAGES[*]}" "$OUT/layer.tar"
rm -rf "$stage" "$OUT/layer.tar"
write_archives barnacle-test/distroless:latest
unpack_final amd64 status-d
record_stage amd64 1 "$OUT/bundle/rootfs" status-d
record_os amd64 "$OUT/bundle/rootfs"
describe
