#!/usr/bin/env bash
# bench-queue.sh: issue 8's queue-runner benchmark (Must show 4). The same
# queue of N messages (default 10000, ~2 KB each) to R recipients each
# (default 100, u1..uR@peer.example) is delivered by one `sendmail -q` of
# the reference and one of ours, on the same .cf (compiled by bin/mc2cf,
# SMART_HOST [127.0.0.1] with the relay mailer pointed at the port of
# scripts/smtpsink, which accepts everything and counts it). Prints each
# side's wall time, connections opened, messages and recipients received,
# what is left in its queue, and the ratio of times ours/reference (goal:
# <= 0.5).
#   scripts/bench-queue.sh [N [R]]   (or BENCH_QUEUE_N, BENCH_QUEUE_RCPTS)
# The queues are written by scripts/queuefill (the reference's qf/df
# format, without an fsync per message): queueing them with each side's
# own `sendmail -odq` costs the reference a process, DNS look-ups and
# fsyncs per message (10 minutes or more for 10,000; 5 s more each time
# the resolver drops a query). BENCH_QUEUE_KEEP=1 keeps the work directory;
# BENCH_QUEUE_REF_ARGS adds arguments to the reference's command line
# (e.g. "-O ForkEachJob=True": by default its `-q` forks one background
# queue runner that delivers the messages one after the other over its
# connection cache, as ours does in the foreground).
# BENCH_QUEUE_QUICKACK=1 has the sink acknowledge every segment at once
# (smtpsink -quickack): the reference writes the message and its final
# "." in two writes, and with a peer that delays its ACKs, as Linux does
# by default, it waits about 40 ms per message for that ACK.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # scripts/bench.sh runs us with sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-${BENCH_QUEUE_N:-10000}}
rcpts=${2:-${BENCH_QUEUE_RCPTS:-100}}
ref=/usr/libexec/sendmail/sendmail
[ -x "$ref" ] || { echo "bench-queue: skipped ($ref missing)"; exit 0; }
[ "$(id -u)" = 0 ] || { echo "bench-queue: skipped (the reference's queue runner needs root)"; exit 0; }
unshare -u true 2>/dev/null || { echo "bench-queue: skipped (unshare -u not permitted; the reference would sleep on this host name)"; exit 0; }
command -v go >/dev/null || { echo "bench-queue: skipped (go missing: the sink and the queue filler are Go programs)"; exit 0; }
(cd "$here" && make bin/sendmail bin/mc2cf >/dev/null)

umask 022
# sendmail refuses queue and map paths below world-writable directories such as /tmp
base=${XDG_CACHE_HOME:-$HOME/.cache}
mkdir -p "$base" && chmod 755 "$base"
work=$(mktemp -d "$base/bench-queue.XXXXXX")
chmod 755 "$work"
sinkpid=
cleanup() {
  if [ -n "$sinkpid" ]; then kill "$sinkpid" 2>/dev/null || true; fi
  if [ "${BENCH_QUEUE_KEEP:-0}" = 1 ]; then echo "bench-queue: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
(cd "$here" && go build -o "$work/smtpsink" ./scripts/smtpsink && go build -o "$work/queuefill" ./scripts/queuefill)

# the peer, on a free loopback port
quickack=
if [ "${BENCH_QUEUE_QUICKACK:-0}" = 1 ]; then quickack=-quickack; fi
"$work/smtpsink" -addr 127.0.0.1:0 -addr-file "$work/sink.addr" -report-file "$work/sink.counts" \
  -name peer.example $quickack >"$work/sink.log" 2>&1 &
sinkpid=$!
for _ in $(seq 100); do [ -s "$work/sink.addr" ] && break; sleep 0.05; done
[ -s "$work/sink.addr" ] || { echo "bench-queue: the sink did not start"; cat "$work/sink.log"; exit 1; }
port=$(sed 's/.*://' "$work/sink.addr")

for side in ref ours; do
  mkdir -p "$work/q$side" "$work/hs$side" "$work/hs"; chmod 700 "$work/q$side"
done
printf 'postmaster: root\n' > "$work/aliases"
cat > "$work/bench.mc" <<MC
OSTYPE(\`linux')dnl
define(\`ALIAS_FILE', \`$work/aliases')dnl
define(\`confHOST_STATUS_DIRECTORY', \`$work/hs')dnl
define(\`confDONT_PROBE_INTERFACES', \`True')dnl
define(\`confDELIVERY_MODE', \`queue')dnl
define(\`confQUEUE_LA', \`100')dnl
define(\`confREFUSE_LA', \`100')dnl
define(\`SMART_HOST', \`[127.0.0.1]')dnl
define(\`RELAY_MAILER_ARGS', \`TCP \$h $port')dnl
MAILER(\`local')dnl
MAILER(\`smtp')dnl
MC
"$here/bin/mc2cf" "$work/bench.mc" > "$work/bench.cf"
unshare -u sh -c "hostname mx.example.com; $ref -bi -C $work/bench.cf" >/dev/null 2>&1 || true

t0=$(date +%s.%N)
"$work/queuefill" -n "$n" -rcpts "$rcpts" -domain peer.example -host mx.example.com "$work/qref" "$work/qours"
sync
t1=$(date +%s.%N)
acks="delayed ACKs, as Linux's default"; [ -n "$quickack" ] && acks="quick ACKs"
echo "bench-queue: $n messages to $rcpts recipients each queued on both sides in $(echo "$t1 - $t0" | bc -l | xargs printf '%.1f')s; sink on 127.0.0.1:$port ($acks)"

# reap.py LOG CMD...: runs CMD as a child subreaper (PR_SET_CHILD_SUBREAPER),
# so that the queue runner the reference's `sendmail -q` forks and leaves
# behind is reparented to it and waited for; prints the seconds from the
# start to the exit of the last descendant.
cat > "$work/reap.py" <<'PY'
import ctypes, os, subprocess, sys, time
if ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
    sys.exit("reap.py: prctl(PR_SET_CHILD_SUBREAPER) failed")
log = open(sys.argv[1], "w")
start = time.monotonic()
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
while True:
    try:
        pid, status = os.wait()
    except ChildProcessError:
        break
    if pid == p.pid and os.waitstatus_to_exitcode(status) != 0:
        print(f"exit status {os.waitstatus_to_exitcode(status)}", file=log, flush=True)
print(f"{time.monotonic() - start:.3f}")
PY

# counts: the sink's cumulative counters, once it has no connection open
counts() {
  local c
  for _ in $(seq 200); do
    rm -f "$work/sink.counts"
    kill -USR1 "$sinkpid"
    for _ in $(seq 100); do [ -s "$work/sink.counts" ] && break; sleep 0.01; done
    c=$(cat "$work/sink.counts")
    case $c in *" open=0 "*) echo "$c"; return;; esac
    sleep 0.05
  done
  echo "$c"
}
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
left() { find "$work/q$1" -name 'qf*' | wc -l; }

# run SIDE BINARY LABEL [ARG...]: one queue run, timed from its start to the
# exit of its last process; the sink's counts before and after give its share
declare -A secs conns msgs rcv
run() {
  local side=$1 bin=$2 before after
  before=$(counts)
  secs[$side]=$(python3 "$work/reap.py" "$work/$side.log" unshare -u sh -c 'hostname mx.example.com; exec "$@"' sh \
    "$bin" -q -C "$work/bench.cf" -O "QueueDirectory=$work/q$side" -O "HostStatusDirectory=$work/hs$side" "${@:4}")
  after=$(counts)
  for f in conns msgs rcpts; do
    local d=$(( $(field $f "$after") - $(field $f "$before") ))
    case $f in conns) conns[$side]=$d;; msgs) msgs[$side]=$d;; rcpts) rcv[$side]=$d;; esac
  done
  printf '%-10s %8.2fs  connections=%d  messages=%d  recipients=%d  queue left=%d\n' \
    "$3:" "${secs[$side]}" "${conns[$side]}" "${msgs[$side]}" "${rcv[$side]}" "$(left "$side")"
}
read -r -a refargs <<< "${BENCH_QUEUE_REF_ARGS:-}"
run ref "$ref" reference "${refargs[@]}"
run ours "$here/bin/sendmail" ours
want=$(( n * rcpts ))
for side in ref ours; do
  if [ "${rcv[$side]}" != "$want" ]; then
    echo "bench-queue: $side: $want recipients expected at the sink, ${rcv[$side]} arrived; its output:"
    head -20 "$work/$side.log"
  fi
done
echo "${secs[ours]} ${secs[ref]}" | awk -v n="$n" -v r="$rcpts" \
  '{ if ($2 > 0) printf "%d messages x %d recipients: time ratio ours/reference: %.2f (goal <= 0.5)\n", n, r, $1 / $2 }'
