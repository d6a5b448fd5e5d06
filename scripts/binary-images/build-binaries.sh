#!/usr/bin/env bash
# `binaries`: one layer of language packages inside binaries and archives, for the gobinary, jar and rustbinary
# analyzers. Written under OUT_DIR (argument): rootfs/, oci/, oci.tar, docker.tar, truth/*.
# - usr/local/bin/hello-go: hello-go/ built by Debian's golang-go with -mod=vendor and GOPROXY=off; its vendor/
#   tree is Debian's golang-github-pkg-errors-dev and golang-golang-x-text-dev sources (/usr/share/gocode).
#   Ground truth: `go version -m`.
# - usr/local/bin/hello-go-ldflags: the same with -ldflags "-X main.version=v1.4.2".
# - usr/share/java/*.jar: Debian's libcommons-*-java jars as installed on this machine. Ground truth: their
#   META-INF/maven/**/pom.properties.
# - usr/local/lib/app.war: a war holding two of those jars under WEB-INF/lib (nested jars).
source "$(dirname "$0")/../test-images/lib.sh"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOTFS=$OUT/rootfs
rm -rf "$ROOTFS" "$OUT/truth" "$OUT/oci"
mkdir -p "$ROOTFS/usr/local/bin" "$ROOTFS/usr/share/java" "$ROOTFS/usr/local/lib" "$OUT/truth"

# Go: a module tree with a hand-written vendor/modules.txt (go mod vendor would need the network).
src=$OUT/go-src
rm -rf "$src"
cp -r "$HERE/hello-go" "$src"
mkdir -p "$src/vendor/github.com/pkg" "$src/vendor/golang.org/x" "$src/vendor/example.com/barnacle"
cp -r /usr/share/gocode/src/github.com/pkg/errors "$src/vendor/github.com/pkg/errors"
cp -r /usr/share/gocode/src/golang.org/x/text "$src/vendor/golang.org/x/text"
ln -s ../../../greeting "$src/vendor/example.com/barnacle/greeting"
packages() { # vendor-dir import-prefix: every directory holding non-test Go files
  (cd "$src/vendor/$1" && find -L . -name '*.go' ! -name '*_test.go' -printf '%h\n' | sort -u | sed "s|^\.|$1|")
}
{
  printf '# example.com/barnacle/greeting v0.0.0-00010101000000-000000000000 => ./greeting\n## explicit; go 1.19\n'
  packages example.com/barnacle/greeting
  printf '# github.com/pkg/errors v0.9.1\n## explicit\n'
  packages github.com/pkg/errors
  printf '# golang.org/x/text v0.7.0 => github.com/golang/text v0.7.0\n## explicit; go 1.17\n'
  packages golang.org/x/text
  printf '# example.com/barnacle/greeting => ./greeting\n# golang.org/x/text => github.com/golang/text v0.7.0\n'
} >"$src/vendor/modules.txt"
export GOFLAGS=-mod=vendor GOPROXY=off GOTOOLCHAIN=local GOCACHE=$OUT/go-cache CGO_ENABLED=0
# -trimpath would leave -ldflags out of the build info, so the second build goes without it.
(cd "$src" && go build -buildvcs=false -trimpath -o "$ROOTFS/usr/local/bin/hello-go" .)
(cd "$src" && go build -buildvcs=false -ldflags "-X main.version=v1.4.2" -o "$ROOTFS/usr/local/bin/hello-go-ldflags" .)
"$ROOTFS/usr/local/bin/hello-go" >/dev/null
go version -m "$ROOTFS/usr/local/bin/hello-go" >"$OUT/truth/hello-go.txt"
go version -m "$ROOTFS/usr/local/bin/hello-go-ldflags" >"$OUT/truth/hello-go-ldflags.txt"
rm -rf "$src" "$OUT/go-cache"

# A Go binary of the pointer build-info format (Go < 1.18): gotail from Debian bullseye, built by golang-1.15
# in GOPATH mode (so no modules, only the toolchain version). Fetched from Debian's mirror and checked.
deb=$OUT/gotail.deb
curl -fsSL -o "$deb" "http://deb.debian.org/debian/pool/main/g/golang-github-influxdata-tail/gotail_1.0.0+git20180327.c434825-4+b5_amd64.deb"
echo "cbfa4d91c0fa29777882aecf5ed790efc02c9d105fa6b0d9e74947d6b92429ee  $deb" | sha256sum -c --quiet
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/gotail >"$ROOTFS/usr/bin-gotail"
mkdir -p "$ROOTFS/usr/bin" && mv "$ROOTFS/usr/bin-gotail" "$ROOTFS/usr/bin/gotail" && chmod 755 "$ROOTFS/usr/bin/gotail"
go version -m "$ROOTFS/usr/bin/gotail" >"$OUT/truth/gotail.txt"
rm -f "$deb"

# A Go binary cut short after 4 KiB: still ELF by its magic, executable, broken.
head -c 4096 "$ROOTFS/usr/local/bin/hello-go" >"$ROOTFS/usr/local/bin/truncated-go"
chmod 755 "$ROOTFS/usr/local/bin/truncated-go"

# Jars as Debian installs them (symlinks followed), and a war nesting two of them.
for jar in commons-lang3-3.12.0 commons-io-2.11.0 commons-cli-1.5.0 guice-jmx-4.2.3 aopalliance-1.0; do
  cp -L "/usr/share/java/$jar.jar" "$ROOTFS/usr/share/java/$jar.jar"
done
python3 - "$ROOTFS/usr/local/lib/app.war" "$ROOTFS/usr/share/java" <<'PY'
import sys, zipfile
war, java = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(war, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\r\nCreated-By: barnacle tests\r\n\r\n')
    z.writestr('WEB-INF/web.xml', '<web-app/>\n')
    for jar in ('commons-io-2.11.0.jar', 'guice-jmx-4.2.3.jar'):
        z.write(f'{java}/{jar}', f'WEB-INF/lib/{jar}', compress_type=zipfile.ZIP_STORED)
PY
for jar in "$ROOTFS"/usr/share/java/*.jar; do
  printf '%s\t' "${jar#"$ROOTFS/"}"
  unzip -Z1 "$jar" | { grep 'pom.properties$' || true; } | while read -r props; do unzip -p "$jar" "$props"; done |
    awk -F= '/^(groupId|artifactId|version)=/ { v[$1] = $2 } END { if (v["groupId"]) print v["groupId"] ":" v["artifactId"] "\t" v["version"]; else print "" }'
done >"$OUT/truth/pom-properties.tsv"

# A Rust program with cargo-auditable's dependency section. cargo-auditable itself is not in bookworm (trixie's
# needs a newer libc) and Debian does not build with it, so the section is added the way cargo-auditable lays it
# out (https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md): the crate list of the
# program's own Cargo.lock as JSON, zlib-compressed, in an ELF section `.dep-v0`. The program is
# scripts/vectors/cargo-semver, built offline against Debian's librust-semver-dev.
cargo_home=$OUT/cargo-home
mkdir -p "$cargo_home"
printf '[source.crates-io]\nreplace-with = "debian"\n[source.debian]\ndirectory = "/usr/share/cargo/registry"\n[net]\noffline = true\n' >"$cargo_home/config.toml"
# Built from a copy, so that the Cargo.lock is the one this cargo resolves (Debian's cargo writes lockfile v3).
rm -rf "$OUT/cargo-src" && mkdir -p "$OUT/cargo-src"
cp -r "$HERE/../vectors/cargo-semver/Cargo.toml" "$HERE/../vectors/cargo-semver/src" "$OUT/cargo-src/"
CARGO_HOME=$cargo_home CARGO_TARGET_DIR=$OUT/cargo-target cargo build --quiet --release \
  --manifest-path "$OUT/cargo-src/Cargo.toml"
python3 - "$OUT/cargo-src/Cargo.lock" "$OUT/dep-v0" "$OUT/truth/cargo-lock.tsv" <<'PY'
import json, sys, tomllib, zlib
lock = tomllib.load(open(sys.argv[1], 'rb'))
crates = sorted(lock['package'], key=lambda p: (p['name'], p['version']))
index = {p['name']: i for i, p in enumerate(crates)}
root = 'cargo-semver-vectors'
packages = []
for p in crates:
    entry = {'name': p['name'], 'version': p['version'],
             'source': 'crates.io' if p.get('source', '').startswith('registry+') else 'local'}
    deps = sorted(index[d.split(' ')[0]] for d in p.get('dependencies', []))
    if deps:
        entry['dependencies'] = deps
    if p['name'] == root:
        entry['root'] = True
    packages.append(entry)
open(sys.argv[2], 'wb').write(zlib.compress(json.dumps({'packages': packages}, separators=(',', ':')).encode()))
open(sys.argv[3], 'w').write(''.join(f"{p['name']}\t{p['version']}\n" for p in crates))
PY
objcopy --add-section .dep-v0="$OUT/dep-v0" --set-section-flags .dep-v0=noload,readonly \
  "$OUT/cargo-target/release/cargo-semver-vectors" "$ROOTFS/usr/local/bin/semver-pairs"
rm -rf "$cargo_home" "$OUT/cargo-target" "$OUT/cargo-src" "$OUT/dep-v0"

# The image: one layer of the root filesystem, as an OCI layout, its tar and a docker-archive.
tar --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 -C "$ROOTFS" -cf "$OUT/layer.tar" .
new_layout "$OUT/oci" amd64
umoci raw add-layer --image "$OUT/oci:latest" --history.created_by "binaries and archives" "$OUT/layer.tar"
rm -f "$OUT/layer.tar"
write_archives barnacle-test/binaries:latest
