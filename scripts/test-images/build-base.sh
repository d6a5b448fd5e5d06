#!/usr/bin/env bash
# Debian bullseye minbase for one architecture, as the tarball mmdebstrap writes:
# OUT_DIR/bullseye-<ARCH>.tar. A foreign ARCH runs maintainer scripts under qemu-user (binfmt).
source "$(dirname "$0")/lib.sh"
ARCH=${ARCH:?ARCH is required}
log "mmdebstrap --variant=minbase --arch=$ARCH bullseye"
mmdebstrap --quiet --mode=root --format=tar --variant=minbase --arch="$ARCH" bullseye "$OUT/bullseye-$ARCH.tar.tmp" \
  http://deb.debian.org/debian
mv "$OUT/bullseye-$ARCH.tar.tmp" "$OUT/bullseye-$ARCH.tar"
