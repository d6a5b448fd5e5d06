#!/usr/bin/env bash
# `lang`: Debian bullseye with language packages, for the language analyzers.
#   layer 1: mmdebstrap minbase (BASE_AMD64)
#   layer 2: apt-get install python3-flask python3-jinja2 python3-requests ruby-rack: their egg-info and
#            gemspecs are dpkg's files, so they belong to the OS result, not to python-pkg or gemspec
#   layer 3: what no package manager owns: a node_modules tree installed from the npm registry with
#            deliberately old versions (NPM_PACKAGES) in usr/src/app; the dist-info directories pip installed in
#            the demo image (examples/demo/rootfs) copied to usr/local/lib/python3.9/site-packages; ruby-rack's
#            gemspec copied to usr/local/lib/ruby/gems/2.7.0/specifications.
# Ground truth: OUT/truth/lang.tsv, one `type<TAB>name<TAB>version<TAB>path` line per language package, read
# from the files themselves (package.json with node, METADATA with python3's email parser, gemspec with ruby).
source "$(dirname "$0")/../test-images/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NPM_PACKAGES=${NPM_PACKAGES:-lodash@4.17.20 minimist@1.2.5 jest@26.6.3 webpack@4.46.0 eslint@7.32.0 @angular/cli@12.2.18}
new_layout "$OUT/oci" amd64
umoci raw add-layer --image "$OUT/oci:latest" --history.created_by 'mmdebstrap --variant=minbase bullseye' "$BASE_AMD64"
work=$OUT/work
umoci unpack --image "$OUT/oci:latest" "$work" >/dev/null

log 'layer 2: apt-get install python3-flask python3-jinja2 python3-requests ruby-rack'
in_chroot "$work/rootfs" sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-flask python3-jinja2 python3-requests ruby-rack >/dev/null && apt-get clean && rm -rf /var/lib/apt/lists/*'
record_stage amd64 2 "$work/rootfs"
umoci repack --refresh-bundle --image "$OUT/oci:latest" --history.created_by 'apt-get install python3-flask python3-jinja2 python3-requests ruby-rack' "$work"

log "layer 3: npm install $NPM_PACKAGES; pip dist-info; a gem outside dpkg"
app=$work/rootfs/usr/src/app
mkdir -p "$app"
printf '{"name":"lang-app","version":"1.0.0","license":"MIT"}\n' >"$app/package.json"
# shellcheck disable=SC2086
(cd "$app" && npm install --no-package-lock --no-audit --no-fund --ignore-scripts --loglevel=error $NPM_PACKAGES >/dev/null)
site=$work/rootfs/usr/local/lib/python3.9/site-packages
mkdir -p "$site"
cp -r "$ROOT"/examples/demo/rootfs/usr/local/lib/python3.8/site-packages/*.dist-info "$site/"
gems=$work/rootfs/usr/local/lib/ruby/gems/2.7.0/specifications
mkdir -p "$gems"
cp "$work"/rootfs/usr/share/rubygems-integration/all/specifications/rack-*.gemspec "$gems/"
umoci repack --image "$OUT/oci:latest" --history.created_by 'npm install; pip dist-info; gemspec' "$work"

log 'ground truth'
{
  find "$work/rootfs" -name package.json -type f | while read -r f; do
    node -e 'const p=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); if (p.name && p.version && typeof p.name==="string" && typeof p.version==="string") console.log(["node-pkg",p.name,p.version,process.argv[2]].join("\t"))' "$f" "${f#"$work"/rootfs/}" || true
  done
  find "$work/rootfs/usr/local" -path '*.dist-info/METADATA' -type f | while read -r f; do
    python3 -c 'import sys,email; m=email.message_from_file(open(sys.argv[1])); print("python-pkg", m["Name"], m["Version"], sys.argv[2], sep="\t")' "$f" "${f#"$work"/rootfs/}"
  done
  find "$work/rootfs/usr/local" -path '*/specifications/*.gemspec' -type f | while read -r f; do
    chroot "$work/rootfs" ruby -e 's=Gem::Specification.load(ARGV[0]); puts ["gemspec", s.name, s.version, ARGV[1]].join("\t")' "${f#"$work"/rootfs}" "${f#"$work"/rootfs/}"
  done
} | sort >"$OUT/truth-lang.tsv"
rm -rf "$work"

umoci gc --layout "$OUT/oci"
write_archives barnacle-test/lang:latest
unpack_final amd64
record_os amd64 "$OUT/bundle/rootfs"
rm -rf "$OUT/bundle"
describe
mkdir -p "$OUT/truth" && mv "$OUT/truth-lang.tsv" "$OUT/truth/lang.tsv"
