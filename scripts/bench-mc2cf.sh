#!/bin/sh
# mc2cf benchmark: the conformance "maps" case compiled by mc2cf with our own
# cf library against GNU m4 with sendmail's cf tree, in one hyperfine run.
# Goal: our time / GNU's time <= 1.0x.
set -u
cd "$(dirname "$0")/.." || exit 1
CF=/usr/share/sendmail/cf
MC=../shared/conformance/cases/maps/config.mc
if ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/m4 ] || [ ! -f $CF/m4/cf.m4 ] || [ ! -f $MC ]; then
  echo "bench-mc2cf: skipped (needs hyperfine, GNU m4, sendmail-cf and ../shared/conformance: apt-get install hyperfine m4 sendmail-cf)"
  exit 0
fi
[ -x bin/mc2cf ] || go build -o bin/mc2cf ./cmd/mc2cf || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sed "s#@MAPDIR@#$tmp#g" $MC > "$tmp/config.mc"
# Both must succeed before their times mean anything.
/usr/bin/m4 -D_CF_DIR_=$CF/ $CF/m4/cf.m4 "$tmp/config.mc" >/dev/null || exit 1
bin/mc2cf "$tmp/config.mc" >/dev/null || exit 1
hyperfine -N -w 3 -r 30 --export-json "$tmp/mc2cf.json" \
  "/usr/bin/m4 -D_CF_DIR_=$CF/ $CF/m4/cf.m4 $tmp/config.mc" "bin/mc2cf $tmp/config.mc" >/dev/null 2>&1 || exit 1
python3 - "$tmp/mc2cf.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
gnu, ours = r[0], r[1]
print("mc2cf maps case: %.2fx mean (ours %.1f ms, GNU m4 + sendmail cf %.1f ms), %.2fx median  goal <= 1.0x"
      % (ours["mean"] / gnu["mean"], ours["mean"] * 1e3, gnu["mean"] * 1e3, ours["median"] / gnu["median"]))
PY
