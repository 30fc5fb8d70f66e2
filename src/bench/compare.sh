#!/usr/bin/env bash
# Runs the load tool's scenarios against a Spread hub and against `ncat --broker` (Debian package ncat) on this
# machine, one after the other, and prints a Markdown table. Everything stays on loopback.
# Usage: src/bench/compare.sh [output.md]        (builds the jar first if it is missing)
set -euo pipefail
cd "$(dirname "$0")/../.."

SPREAD_PORT=18007
HTTP_PORT=18080
NCAT_PORT=18008
OUT=${1:-/dev/stdout}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-}   # JVM options for the hub in scenarios 1-3 and 5
# scenario 4 measures memory per connection on a freshly started hub, with a bounded heap as in production
CONNECTIONS_JAVA_OPTS=${CONNECTIONS_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
JAR=$(ls target/spread-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -B -q -DskipTests package
  JAR=$(ls target/spread-*.jar | head -n 1)
fi
command -v ncat >/dev/null || { echo "ncat is missing: apt-get install ncat" >&2; exit 1; }
LOGS=$(mktemp -d)
HUB_PID=""
NCAT_PID=""
cleanup() {
  [ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null || true
  [ -n "$NCAT_PID" ] && kill "$NCAT_PID" 2>/dev/null || true
}
trap cleanup EXIT

start_spread() { # start_spread [JAVA_OPTS]
  local opts=${1:-$HUB_JAVA_OPTS}
  # 8 MB outbound buffer: a bulk sender outpaces one tool thread reading 100 sockets; with the default 1 MB
  # those receivers would be disconnected as slow consumers (as designed). Queued chunks are shared by all
  # receivers, so this costs about one copy of the burst, not 100.
  # shellcheck disable=SC2086  # HUB_JAVA_OPTS holds several options
  java $opts -jar "$JAR" --server.port=$HTTP_PORT --spread.tcp.host=127.0.0.1 --spread.tcp.port=$SPREAD_PORT \
    --spread.hub.max-connections=20000 --spread.hub.outbound-buffer=8MB --logging.level.io.spread=warn \
    >"$LOGS/spread.log" 2>&1 &
  HUB_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$HTTP_PORT/actuator/health/readiness" >/dev/null 2>&1 && return
    sleep 0.5
  done
  echo "the Spread hub did not become ready; see $LOGS/spread.log" >&2
  exit 1
}

start_ncat() {
  ncat --broker --max-conns 20000 --listen 127.0.0.1 $NCAT_PORT >"$LOGS/ncat.log" 2>&1 &
  NCAT_PID=$!
  for _ in $(seq 1 50); do
    (exec 3<>/dev/tcp/127.0.0.1/$NCAT_PORT) 2>/dev/null && return
    sleep 0.1
  done
}

# bench TARGET ARGS... : runs one scenario, prints its key=value summary line (or "failed")
bench() {
  local target=$1; shift
  local port=$SPREAD_PORT extra=(--spread.bench.hub-pid="$HUB_PID")
  if [ "$target" = ncat ]; then
    port=$NCAT_PORT
    extra=(--spread.bench.expect-welcome=false --spread.bench.hub-pid="$NCAT_PID")
    kill -0 "$NCAT_PID" 2>/dev/null || start_ncat
  fi
  java -jar "$JAR" --spread.mode=bench --spread.bench.port=$port "${extra[@]}" "$@" 2>>"$LOGS/bench-$target.log" \
    | grep '^spread-bench' || echo "spread-bench failed=true"
}

value() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

RUNS=5
# median TARGET ARGS... : runs a throughput scenario $RUNS times, prints the run with the median delivered_fps
median() {
  local runs=() line
  for _ in $(seq 1 $RUNS); do runs+=("$(bench "$@")"); done
  for line in "${runs[@]}"; do echo "$(value "$line" delivered_fps || echo 0) $line"; done \
    | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p" | cut -d' ' -f2-
}

row() { # row LABEL KEY SPREAD_LINE NCAT_LINE
  local s n
  s=$(value "$3" "$2"); n=$(value "$4" "$2")
  echo "| $1 | $2 | ${s:-failed} | ${n:-failed} |"
}

start_spread
start_ncat

FANOUT=(--spread.bench.scenario=fanout --spread.bench.receivers=100 --spread.bench.frame-size=64)
S1=$(median spread "${FANOUT[@]}" --spread.bench.frames=20000); N1=$(median ncat "${FANOUT[@]}" --spread.bench.frames=20000)
S2=$(median spread "${FANOUT[@]}" --spread.bench.senders=10 --spread.bench.frames=2000 --spread.bench.frames-per-write=1)
N2=$(median ncat "${FANOUT[@]}" --spread.bench.senders=10 --spread.bench.frames=2000 --spread.bench.frames-per-write=1)
LAT=(--spread.bench.scenario=latency --spread.bench.receivers=100 --spread.bench.rate=2000 --spread.bench.duration=10s)
S3=$(bench spread "${LAT[@]}"); N3=$(bench ncat "${LAT[@]}")
CHURN=(--spread.bench.scenario=churn --spread.bench.workers=4 --spread.bench.duration=5s)
S5=$(bench spread "${CHURN[@]}"); N5=$(bench ncat "${CHURN[@]}")
# last, since ncat does not survive it; on a fresh hub, so that its memory growth is the connections' own.
# 32 source addresses: with one, the kernel's ephemeral port search slows the tool's connects down.
kill "$HUB_PID"; wait "$HUB_PID" 2>/dev/null || true
start_spread "$CONNECTIONS_JAVA_OPTS"
CONN=(--spread.bench.scenario=connections --spread.bench.connections=19000 --spread.bench.batch=1000
  --spread.bench.source-addresses=32 --spread.bench.time-limit=30s)
S4=$(bench spread "${CONN[@]}"); N4=$(bench ncat "${CONN[@]}")
kill -0 "$NCAT_PID" 2>/dev/null && NCAT_ALIVE=yes || NCAT_ALIVE="no (it aborts past 1024 descriptors)"

{
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -n 1)"
  echo "Date: $(date -u +%Y-%m-%d)"
  echo
  echo "| scenario | metric | Spread | ncat --broker |"
  echo "|---|---|---|---|"
  row "1. bulk fan-out, 100 receivers, 64 B, 20,000 frames (median of $RUNS)" delivered_fps "$S1" "$N1"
  row "" lost "$S1" "$N1"
  row "" malformed "$S1" "$N1"
  row "2. 10 senders, one frame per write, 100 receivers (median of $RUNS)" delivered_fps "$S2" "$N2"
  row "" lost "$S2" "$N2"
  row "" out_of_order "$S2" "$N2"
  row "" malformed "$S2" "$N2"
  row "3. latency, 2,000 frames/s to 100 receivers" latency_p50_ms "$S3" "$N3"
  row "" latency_p99_ms "$S3" "$N3"
  row "" latency_p999_ms "$S3" "$N3"
  row "" latency_max_ms "$S3" "$N3"
  row "" lost "$S3" "$N3"
  row "4. 19,000 idle connections (fresh hub, $CONNECTIONS_JAVA_OPTS)" connects_per_second "$S4" "$N4"
  row "" opened "$S4" "$N4"
  row "" failures "$S4" "$N4"
  row "" hub_bytes_per_connection "$S4" "$N4"
  row "5. churn, 4 workers, 5 s" cycles_per_second "$S5" "$N5"
  row "" lost "$S5" "$N5"
  echo
  echo "ncat still running after scenario 4: $NCAT_ALIVE"
  echo
  echo "Raw summaries:"
  echo
  for line in "$S1" "$N1" "$S2" "$N2" "$S3" "$N3" "$S4" "$N4" "$S5" "$N5"; do echo "    $line"; done
} >"$OUT"
