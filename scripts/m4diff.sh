#!/bin/sh
# m4diff.sh FILE [M4 ARGS...]: run GNU m4 and bin/m4 on FILE from its
# directory and show any difference in stdout, stderr or exit status.
f=$1; shift
bin=$(cd "$(dirname "$0")/../bin" && pwd)
d=$(mktemp -d)
dir=$(dirname "$f"); base=$(basename "$f")
(cd "$dir" && m4 "$@" "$base" >"$d/ref.out" 2>"$d/ref.err"; echo "exit $?" >>"$d/ref.err")
(cd "$dir" && timeout 20 "$bin/m4" "$@" "$base" >"$d/our.out" 2>"$d/our.err"; echo "exit $?" >>"$d/our.err")
sed -i "s#^$bin/m4:#m4:#" "$d/our.err"
rc=0
cmp -s "$d/ref.out" "$d/our.out" || { echo "== stdout differs: $f"; diff "$d/ref.out" "$d/our.out" | head -${LINES:-20}; rc=1; }
cmp -s "$d/ref.err" "$d/our.err" || { echo "== stderr differs: $f"; diff "$d/ref.err" "$d/our.err" | head -${LINES:-20}; rc=1; }
rm -rf "$d"
exit $rc
