#!/usr/bin/env bash
# `secrets`: an image without an OS, built from plain files, for secret scanning. Layer 1 adds
# app/config.env (a fake AWS access key ID) and app/old-token.txt (a fake GitHub personal access
# token); layer 2 deletes app/old-token.txt by a whiteout, rewrites app/config.env with another
# AWS key ID and adds app/deploy/notes.txt (a GitHub token and an AWS key ID). The config's Env holds
# another GitHub token. Every key is made up for this test: none was ever issued.
source "$(dirname "$0")/../test-images/lib.sh"
rm -rf "$OUT/oci" "$OUT/stage"
umoci init --layout "$OUT/oci"
umoci new --image "$OUT/oci:latest"
umoci config --image "$OUT/oci:latest" --os linux --architecture amd64 --config.cmd /app/run \
  --config.env PATH=/usr/local/bin:/usr/bin:/bin --config.env GITHUB_TOKEN=ghp_K7m3N9p2Q5r8S1t4U6v0W2x5Y8z1A3b6C9d2

layer() { # stage-dir created-by
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$1" -cf "$OUT/layer.tar" .
  umoci raw add-layer --image "$OUT/oci:latest" --history.created_by "$2" "$OUT/layer.tar"
  rm -f "$OUT/layer.tar"
}

s1=$OUT/stage/1
mkdir -p "$s1/app"
cat >"$s1/app/config.env" <<'CONF'
# settings for the uploader
REGION=eu-west-1
AWS_ACCESS_KEY_ID=AKIA2E0A8F3B244C9986
BUCKET=uploads
CONF
cat >"$s1/app/old-token.txt" <<'CONF'
token for the release job:
ghp_R2d2C3p0L8kT7zQ4wX9vB6nM1aS5dF0gH3jK
CONF
printf 'tiny' >"$s1/app/short.txt"
layer "$s1" "COPY app/ /app/"

s2=$OUT/stage/2
mkdir -p "$s2/app/deploy"
: >"$s2/app/.wh.old-token.txt"
cat >"$s2/app/config.env" <<'CONF'
# settings for the uploader
REGION=eu-west-1
AWS_ACCESS_KEY_ID=AKIAQ7X2M4B8K1D9F6H3
BUCKET=uploads
CONF
cat >"$s2/app/deploy/notes.txt" <<'CONF'
# Deploying

1. export GITHUB_TOKEN=ghp_Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Ji0Hg9Fe8Dc7
2. run the job
3. the old key AKIA3F6H9K2M5P8R1T4W is revoked
CONF
layer "$s2" "RUN rm /app/old-token.txt && write notes"
rm -rf "$OUT/stage"
write_archives barnacle-test/secrets:latest
