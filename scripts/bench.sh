#!/bin/sh
# make bench: every scripts/bench-*.sh, each timing our binaries against the
# reference in the same run and printing the ratios.
cd "$(dirname "$0")/.." || exit 1
rc=0
for b in scripts/bench-*.sh; do
  [ -f "$b" ] || continue
  echo "== $b"
  bash "$b" || rc=1
done
exit $rc
