#!/bin/sh
# Map building and lookup benchmark: builds a 1,000,000-key map with our
# makemap, tinycdb's `cdb -c -m` and sendmail's makemap on the same source
# in one run, prints the times and ratios, then the Go lookup benchmarks.
# Uses hyperfine when installed (apt-get install hyperfine), else `time`.
# Goal: bin/makemap within 1.5x of tinycdb.
set -eu
cd "$(dirname "$0")/.."
KEYS=${KEYS:-1000000}
RUNS=${RUNS:-5}
REF=/usr/libexec/sendmail/makemap
go build -o bin/makemap ./cmd/makemap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "user%07d@example%d.com relay-%d.example.net\n", i, i % 1000, i }' >"$work/src"
echo "source: $KEYS keys, $(wc -c <"$work/src") bytes"

names="ours"
if command -v cdb >/dev/null; then
	names="$names tinycdb"
fi
if [ -x "$REF" ]; then
	names="$names sendmail"
fi
cmd_of() {
	case $1 in
	ours) echo "bin/makemap hash $work/ours <$work/src" ;;
	tinycdb) echo "cdb -c -m $work/tiny.cdb <$work/src" ;;
	sendmail) echo "$REF hash $work/ref <$work/src" ;;
	esac
}

if command -v hyperfine >/dev/null; then
	set --
	for n in $names; do set -- "$@" -n "$n" "$(cmd_of "$n")"; done
	hyperfine --warmup 1 --runs "$RUNS" --export-json "$work/h.json" "$@" >&2
	python3 - "$work/h.json" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
r = {x["command"]: x["mean"] for x in res}
cpu = {x["command"]: x["user"] + x["system"] for x in res}
for n in r:
    print(f"{n:10s} {r[n]:8.3f} s wall {cpu[n]:8.3f} s cpu")
if "tinycdb" in r:
    ratio = r["ours"] / r["tinycdb"]
    print(f"ours/tinycdb  = {ratio:.2f}x wall, {cpu['ours'] / cpu['tinycdb']:.2f}x cpu "
          f"(goal <= 1.5x: {'met' if ratio <= 1.5 else 'MISSED'}; a loaded machine skews wall times)")
if "sendmail" in r:
    print(f"ours/sendmail = {r['ours'] / r['sendmail']:.2f}x wall, {cpu['ours'] / cpu['sendmail']:.2f}x cpu")
PY
else
	for n in $names; do
		start=$(date +%s.%N)
		i=0
		while [ $i -lt "$RUNS" ]; do sh -c "$(cmd_of "$n")"; i=$((i + 1)); done
		end=$(date +%s.%N)
		t=$(echo "($end - $start) / $RUNS" | bc -l)
		printf '%-10s %8.3f s\n' "$n" "$t"
		eval "t_$n=$t"
	done
	if [ -n "${t_tinycdb:-}" ]; then
		printf 'ours/tinycdb  = %.2fx\n' "$(echo "$t_ours / $t_tinycdb" | bc -l)"
	fi
	if [ -n "${t_sendmail:-}" ]; then
		printf 'ours/sendmail = %.2fx\n' "$(echo "$t_ours / $t_sendmail" | bc -l)"
	fi
fi
if command -v cdb >/dev/null; then
	cdb -s "$work/ours.db" | head -3
fi
echo "lookups:"
go test ./maps -run '^$' -bench 'Lookup' -benchtime 2s | grep -E '^Benchmark'
