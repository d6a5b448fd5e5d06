#!/usr/bin/env bash
# Writes test/vectors/dpkg.txt: pairs of Debian versions ordered by the real `dpkg --compare-versions`.
# The versions are every Version: and Source: version in a dpkg status file (by default the one of a
# bullseye minbase root kept as a fixture, see test/fixtures/analyzer/dpkg/README.md) plus the tricky
# cases below. Each line is "a < b" or "a = b", each decided by dpkg itself.
# Usage: scripts/vectors/dpkg.sh [status-file] > test/vectors/dpkg.txt
set -euo pipefail
status=${1:-test/fixtures/analyzer/dpkg/bullseye-full/var/lib/dpkg/status}

# Debian's tricky cases: ~ before everything (even the end), + and . in revisions, epochs,
# letters before non-letters, numeric digit runs with leading zeros, missing revision = "0".
tricky=(
  0 0-0 0~ 0~~ 0~a 0a 0.0 00 000.1 0.1 1 1.0 1.0-0 1.0-1 1.0-1~ 1.0~rc1 1.0~rc1-1 1.0~~ 1.0~ 1.0a 1.0+ 1.0.
  1.0+dfsg 1.0+dfsg-1 1.0+dfsg1-1 1.0.1 1.0-1+b1 1.0-1.1 1.0-1.1+deb11u1 1.0-1+deb11u1 1.0-1+deb11u10
  1.0-1+deb11u2 1.0-1~bpo11+1 1.0-1ubuntu1 1.0-1build1 1.0-10 1.0-2 1.0-a 1.0-A 1.0-Z 1.0-z 1.0-+ 1.0-~
  1.0-1.a 1.0-1.A 1.2.3 1.2.10 1.10 1.9 1.0a1 1.0b1 1.0A1 1.0Z 1.0z 1.0~a 1.0~b 1.0~A 1.0-0.1 1.0-0.0
  1:0 1:1.0 1:1.0-1 2:0.1 10:0.1 9:9.9 1:1.0~rc1 0:1.0 0:1.0-1 1:1.0:1 1:1.0:1-1 1.0-1-1 1.0-1-2 1-2-3
  2.31-13+deb11u5 2.31-13+deb11u10 2.31-13+deb11u11 2.36-9+deb12u4 1.2.11.dfsg-2+deb11u2 1.2.11.dfsg-2
  7.74.0-1.3+deb11u7 7.74.0-1.3+deb11u14 3.0.2-0ubuntu1.10 3.0.2-0ubuntu1.9 1:2.38.1-5+deb12u1
  1.8.2.3 1.8.2.3-1 1:9.18.19-1~deb12u1 1:9.18.24-1 2.2.4 2.2.4~ 2.2.4+ 2.2.4.0 2.2.4.a 2.2.4a
  4.4.0~git20220711.4f2a6a7-1 4.4.0-1 6.0+20201107-2 20210401-1 20210401 2021a-1 2021b-1 2021a-1+deb11u1
  1.0+~cs1.2-1 1.0+~cs1.10-1 0.0.0~git20210101 0.0.0~git20200101 1.0+really0.9-1 1.0+really1.1-1
  1.00 1.000 1.01 1.001 01.1 1.0-01 1.0-001 1.1-0.0.0 1.1-0 99999999999999999999 99999999999999999998
  1.99999999999999999999 1.100000000000000000000 a:1 ~ 1.0-1++ 1.0-1+~ 1.0-1~~ 1.0-1~+
)

versions() {
  grep -E '^(Version|Source):' "$status" | sed -nE 's/^Version: *//p; s/^Source: *[^ ]+ \((.*)\)$/\1/p'
  printf '%s\n' "${tricky[@]}"
}
# Keep only what dpkg accepts without a warning (so every version is valid for both tools), in first-seen order.
mapfile -t list < <(versions | awk '!seen[$0]++' | while IFS= read -r v; do
  if dpkg --compare-versions "$v" eq "$v" 2>/dev/null && [[ -z $(dpkg --compare-versions "$v" eq "$v" 2>&1) ]]; then
    echo "$v"
  fi
done)

emit() { # orders a pair with dpkg and prints it smaller first
  local a=$1 b=$2
  if dpkg --compare-versions "$a" eq "$b"; then echo "$a = $b"
  elif dpkg --compare-versions "$a" lt "$b"; then echo "$a < $b"
  else echo "$b < $a"; fi
}
n=${#list[@]}
for ((i = 0; i < n; i++)); do
  for step in 1 2 5; do
    if ((i + step < n)); then emit "${list[i]}" "${list[i + step]}"; fi
  done
done
