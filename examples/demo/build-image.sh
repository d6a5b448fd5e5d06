#!/usr/bin/env bash
# Builds flask-app.tar, the demo image, from rootfs/ with real image tools (umoci, skopeo).
# The result is committed so that `npm run demo` runs offline; rerun this after changing rootfs/.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umoci init --layout "$work/oci"
umoci new --image "$work/oci:latest"
umoci unpack --rootless --image "$work/oci:latest" "$work/bundle"
cp -a rootfs/. "$work/bundle/rootfs/"
# Fixed times and owners so that the archive is reproducible.
find "$work/bundle/rootfs" -exec touch -h -d '2022-11-18T00:00:00Z' {} +
umoci repack --image "$work/oci:latest" --history.created '2022-11-18T00:00:00Z' "$work/bundle"
umoci config --image "$work/oci:latest" --created '2022-11-18T00:00:00Z' --history.created '2022-11-18T00:00:00Z' \
  --config.cmd python3 --config.cmd app.py --config.workingdir /app \
  --config.env PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin --config.env LANG=C.UTF-8
umoci gc --layout "$work/oci"
rm -f flask-app.tar
skopeo copy --quiet "oci:$work/oci:latest" "docker-archive:flask-app.tar:flask-app:latest"
echo "built $(pwd)/flask-app.tar"
