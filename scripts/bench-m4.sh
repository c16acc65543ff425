#!/bin/sh
# m4 benchmarks, our time against GNU m4's in one hyperfine run:
#  1. generic-linux.mc compiled with sendmail's cf tree (goal <= 1.0x);
#  2. a loop expanding 200,000 macros with arguments (goal <= 1.5x).
set -u
cd "$(dirname "$0")/.." || exit 1
CF=/usr/share/sendmail/cf
if ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/m4 ] || [ ! -f $CF/m4/cf.m4 ]; then
  echo "bench-m4: skipped (needs hyperfine, GNU m4 and sendmail-cf: apt-get install hyperfine m4 sendmail-cf)"
  exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/loop.m4" <<'M4'
define(`add', `eval($1 + $2)')dnl
define(`loop', `ifelse($1, 0, `', `add($1, 1)`'loop(decr($1))')')dnl
define(`big', `loop(1000)')dnl
define(`rep', `ifelse($1, 0, `', `big`'rep(decr($1))')')dnl
rep(50)
M4
ratio() { # ratio JSON: our mean / GNU's mean
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print("%.2fx (ours %.1f ms, GNU m4 %.1f ms)" % (r[1]["mean"]/r[0]["mean"], r[1]["mean"]*1e3, r[0]["mean"]*1e3))' "$1"
}
hyperfine -N -w 3 -r 30 --export-json "$tmp/cf.json" \
  "/usr/bin/m4 $CF/m4/cf.m4 $CF/cf/generic-linux.mc" "bin/m4 $CF/m4/cf.m4 $CF/cf/generic-linux.mc" >/dev/null 2>&1
echo "m4 generic-linux.mc: $(ratio "$tmp/cf.json")  goal <= 1.0x"
hyperfine -N -w 2 -r 15 --export-json "$tmp/loop.json" \
  "/usr/bin/m4 $tmp/loop.m4" "bin/m4 $tmp/loop.m4" >/dev/null 2>&1
echo "m4 200,000-macro loop: $(ratio "$tmp/loop.json")  goal <= 1.5x"
