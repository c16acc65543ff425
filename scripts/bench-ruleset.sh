#!/usr/bin/env bash
# bench-ruleset.sh: 20,000 addresses through `3,0` in sendmail -bt on the
# conformance "maps" case, bin/sendmail against the reference, one hyperfine
# run; prints the ratio (goal: <= 0.5).
#   scripts/bench-ruleset.sh [N]      (default N=20000)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-20000}
case_dir=${CASE_DIR:-$here/../shared/conformance/cases/maps}
ref=/usr/libexec/sendmail/sendmail
refmm=/usr/libexec/sendmail/makemap
cfdir=/usr/share/sendmail/cf
for f in "$ref" "$refmm" "$cfdir/m4/cf.m4" "$case_dir/config.mc"; do
  [ -e "$f" ] || { echo "bench-ruleset: skipped ($f missing)"; exit 0; }
done
command -v hyperfine >/dev/null || { echo "bench-ruleset: skipped (hyperfine missing)"; exit 0; }
unshare -u true 2>/dev/null || { echo "bench-ruleset: skipped (unshare -u not permitted; the reference would sleep on this host name)"; exit 0; }
[ -x "$here/bin/sendmail" ] || (cd "$here" && make bin/sendmail bin/makemap >/dev/null)

umask 022
# sendmail refuses maps below world-writable directories such as /tmp
base=${XDG_CACHE_HOME:-$HOME/.cache}
mkdir -p "$base" && chmod 755 "$base"
work=$(mktemp -d "$base/bench-ruleset.XXXXXX")
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
for side in ref cand; do
  d=$work/$side; mkdir -p "$d/maps"; chmod 755 "$d" "$d/maps"
  cp "$case_dir"/maps/* "$d/maps/" 2>/dev/null || true
  [ -f "$d/maps/service.switch" ] || printf 'hosts\tfiles\naliases\tfiles\n' > "$d/maps/service.switch"
  [ -f "$d/maps/hosts" ] || printf '127.0.0.1\tlocalhost\n192.0.2.25\tmx.example.com mx\n192.0.2.80\tfar.example\n' > "$d/maps/hosts"
  sed "s#@MAPDIR@#$d/maps#g" "$case_dir/config.mc" > "$d/config.mc"
  m4 -D_CF_DIR_="$cfdir/" "$cfdir/m4/cf.m4" "$d/config.mc" > "$d/sendmail.cf"
  mm=$refmm; [ $side = cand ] && mm=$here/bin/makemap
  for m in access virtusertable genericstable mailertable domaintable; do
    [ -f "$d/maps/$m" ] && "$mm" hash "$d/maps/$m" < "$d/maps/$m"
  done
done
# the addresses: the case's own "3,0" lines, repeated
grep '^3,0 ' "$case_dir/bt.in" > "$work/addrs" || printf '3,0 user@far.example\n' > "$work/addrs"
awk -v n="$n" '{a[NR]=$0} END {for (i=0;i<n;i++) print a[i%NR+1]}' "$work/addrs" > "$work/input"
run() { echo "unshare -u sh -c 'hostname mx.example.com; exec $1 -bt -C $2 < $work/input > /dev/null'"; }
hyperfine -N --warmup 1 --runs 3 --export-json "$work/h.json" \
  -n reference "$(run "$ref" "$work/ref/sendmail.cf")" \
  -n gosendmail "$(run "$here/bin/sendmail" "$work/cand/sendmail.cf")" >&2
python3 - "$work/h.json" "$n" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
ref, cand = r["reference"], r["gosendmail"]
print(f"{sys.argv[2]} addresses through 3,0: reference {ref:.3f}s, gosendmail {cand:.3f}s, ratio {cand/ref:.2f}x (goal <= 0.5x)")
PY
