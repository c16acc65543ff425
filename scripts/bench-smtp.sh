#!/usr/bin/env bash
# bench-smtp.sh: issue 7's server benchmark. Our `sendmail -bD` and the
# reference's, on the same .cf (compiled by bin/mc2cf, queue-only delivery
# so that what is measured is acceptance: parse, policy rulesets, durable
# queueing, 250), each with its own queue directory on the same disk,
# receive N messages (default 20000) over 20 connections from
# scripts/smtpload, one after the other; prints each side's rate and p99
# latency of the final 250, and the ratio of rates (goal: >= 2).
#
# The client waits for each reply; BENCH_SMTP_MODE=pipelining has it
# send MAIL, RCPT and DATA as one group (RFC 2920), as sendmail's and
# Postfix's own clients do with a server that offers PIPELINING (both
# servers do, and both answer such a group in one write). The
# comparison is made BENCH_SMTP_ROUNDS times (default 3), each time on
# fresh queues, reference then ours; the figure is the median round, so
# that one burst of the host's other load does not decide it.
#   scripts/bench-smtp.sh [N]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-${BENCH_SMTP_N:-20000}}
ref=/usr/libexec/sendmail/sendmail
[ -x "$ref" ] || { echo "bench-smtp: skipped ($ref missing)"; exit 0; }
[ "$(id -u)" = 0 ] || { echo "bench-smtp: skipped (the reference daemon needs root)"; exit 0; }
unshare -u true 2>/dev/null || { echo "bench-smtp: skipped (unshare -u not permitted)"; exit 0; }
(cd "$here" && make bin/sendmail bin/mc2cf >/dev/null)
if ! "$here/bin/sendmail" -bD -C /nonexistent.cf 2>&1 | grep -qv 'not implemented'; then
  echo "bench-smtp: skipped (our -bD is not implemented yet)"; exit 0
fi
umask 022
# the queues live where a real one does, under /var/spool (BENCH_SMTP_DIR):
# on an ext4 without a journal an inode is slow to make in a block group
# where many were freed in the last minute, and the go build cache in
# ~/.cache, rewritten by every build, is such a place (ten times slower)
base=${BENCH_SMTP_DIR:-/var/spool}
mkdir -p "$base"
work=$(mktemp -d "$base/bench-smtp.XXXXXX")
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done; rm -rf "$work"; sync; }
trap cleanup EXIT
mkdir -p "$work/hs"
printf 'postmaster: root\n' > "$work/aliases"
cat > "$work/bench.mc" <<MC
OSTYPE(\`linux')dnl
define(\`ALIAS_FILE', \`$work/aliases')dnl
define(\`confHOST_STATUS_DIRECTORY', \`$work/hs')dnl
define(\`confDONT_PROBE_INTERFACES', \`True')dnl
define(\`confDELIVERY_MODE', \`queue')dnl
FEATURE(\`accept_unresolvable_domains')dnl
MAILER(\`local')dnl
MAILER(\`smtp')dnl
MC
"$here/bin/mc2cf" "$work/bench.mc" > "$work/bench.cf"
unshare -u sh -c "hostname mx.example.com; $ref -bi -C $work/bench.cf" >/dev/null 2>&1 || true
start() { # port queue cmd...
  local port=$1 q=$2; shift 2
  mkdir -p "$q"; chmod 700 "$q"
  setsid "$@" -bD -C "$work/bench.cf" -O "DaemonPortOptions=Port=$port,Addr=127.0.0.1,Name=MTA" \
    -O "QueueDirectory=$q" -O "PidFile=$q.pid" >"$q.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && return 0; sleep 0.1; done
  echo "bench-smtp: server on port $port did not start"; cat "$q.log"; exit 1
}
stop() { # stops the servers of the round
  for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
  pids=()
}
(cd "$here" && go build -o "$work/smtpload" ./scripts/smtpload)
mode=${BENCH_SMTP_MODE:-lockstep}
case $mode in
  pipelining) args=-pipelining ;;
  lockstep) args= ;;
  *) echo "bench-smtp: BENCH_SMTP_MODE is pipelining or lockstep"; exit 2 ;;
esac
rounds=${BENCH_SMTP_ROUNDS:-3}
# each side starts on a quiet disk: what was written before (the other
# side's queue) is written back first (sync), so that neither pays for
# the other's writes; and, on an ext4 without a journal (this machine's),
# the inode allocator skips every inode freed in the last minute (the
# reference frees one a message: its first qf, replaced by a rename), so
# each side also waits that minute out (BENCH_SMTP_QUIET seconds). The
# queues of a round stay until the end, for the same reason.
quiet=${BENCH_SMTP_QUIET:-61}
# each side's line ends with the share of the machine's CPU time the
# hypervisor took away meanwhile (steal, from /proc/stat): on a shared
# host a round whose steal is high measures the host, not the server
cpu() { awk '/^cpu /{ t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9 }' /proc/stat; }
load() {
  sync; sleep "$quiet"
  local t0 s0 t1 s1 out
  read -r t0 s0 < <(cpu)
  out=$("$work/smtpload" $args -addr "127.0.0.1:$1" -n "$n" -c 20)
  read -r t1 s1 < <(cpu)
  echo "$out steal=$(( t1 > t0 ? 100 * (s1 - s0) / (t1 - t0) : 0 ))%"
}
rate() { sed -n 's/.*rate=\([0-9.]*\).*/\1/p'; }
echo "$n messages over 20 connections, client $mode, $rounds rounds"
results=()
for r in $(seq "$rounds"); do
  start 2601 "$work/qref$r" unshare -u sh -c 'hostname mx.example.com; exec "$@"' sh "$ref"
  start 2602 "$work/qours$r" "$here/bin/sendmail"
  rr=$(load 2601); ro=$(load 2602)
  stop
  ratio=$(awk -v a="$(echo "$rr" | rate)" -v b="$(echo "$ro" | rate)" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print 0 }')
  echo "round $r reference: $rr"
  echo "round $r ours:      $ro"
  echo "round $r rate ratio ours/reference: $ratio"
  results+=("$ratio $rr | $ro")
done
med=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (rounds + 1) / 2 ))p")
echo "median round: reference: ${med#* }" | sed 's/ | /\nmedian round: ours:      /'
echo "rate ratio ours/reference (median of $rounds rounds): ${med%% *} (goal >= 2)"
