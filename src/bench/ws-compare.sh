#!/usr/bin/env bash
# Same-run relay fan-out of one hub to TCP receivers and to WebSocket receivers (/ws/relay on its HTTP port),
# alternating, with the same jar's load tool (spread.bench.receiver-transport=tcp|websocket); the senders are TCP
# relay clients either way. Each round runs, for each transport (their order swapped every round): bulk fan-out,
# single-frame writes from 10 senders, latency at a fixed rate. Prints every run, then a Markdown table of medians.
# Usage: src/bench/ws-compare.sh [HUB.jar]     (without a jar it builds one once with ./mvnw)
#        ROUNDS=3 RECEIVERS=100 RATE=500 by default (RATE: frames/s of the latency runs, to all receivers each)
set -uo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}; RECEIVERS=${RECEIVERS:-100}; RATE=${RATE:-500}
HTTP_PORT=18580; RELAY_PORT=18507
if [ $# -ge 1 ]; then
  JAR=$1
else
  ./mvnw -B -q -DskipTests package || exit 1
  JAR=$(ls target/spread-*.jar | head -n 1)
fi
LOGS=$(mktemp -d -t ws-compare.XXXXXX)
HUB=""
trap '[ -n "$HUB" ] && kill "$HUB" 2>/dev/null' EXIT

java -jar "$JAR" --server.port=$HTTP_PORT --spread.tcp.host=127.0.0.1 --spread.tcp.port=$RELAY_PORT \
  --spread.gateway.port=0 --spread.hub.max-connections=20000 --logging.level.io.spread=warn >"$LOGS/hub.log" 2>&1 &
HUB=$!
for _ in $(seq 1 120); do curl -fs http://127.0.0.1:$HTTP_PORT/actuator/health/readiness >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs http://127.0.0.1:$HTTP_PORT/actuator/health/readiness >/dev/null || { echo "hub did not start, see $LOGS/hub.log" >&2; exit 1; }

bench() { # transport, settings... -> the summary line (a run that lost frames exits 3 and still prints it)
  local transport=$1; shift
  java -jar "$JAR" --spread.mode=bench --spread.bench.port=$RELAY_PORT --spread.bench.receivers="$RECEIVERS" \
    --spread.bench.receiver-transport="$transport" --spread.bench.websocket-url=ws://127.0.0.1:$HTTP_PORT/ws/relay \
    "$@" 2>>"$LOGS/bench-$transport.log" | tail -1
}
pick() { local value; value=$(tr ' ' '\n' | grep "^$1=" | cut -d= -f2); echo "${value:--}"; }  # - : the run failed
median() { grep -E '^[0-9.]+$' | sort -g | awk -v OFMT='%.10g' '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; else print "-" }'; }
total() { awk '{ if ($1 ~ /^[0-9]+$/) sum += $1; else failed++ } END { print sum + 0 (failed ? " (" failed " runs failed)" : "") }'; }

for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="tcp websocket"; else order="websocket tcp"; fi
  for transport in $order; do
    s1=$(bench $transport --spread.bench.scenario=fanout --spread.bench.frame-size=64 --spread.bench.frames=20000)
    s2=$(bench $transport --spread.bench.scenario=fanout --spread.bench.frame-size=64 --spread.bench.senders=10 \
      --spread.bench.frames=2000 --spread.bench.frames-per-write=1)
    s3=$(bench $transport --spread.bench.scenario=latency --spread.bench.rate="$RATE" --spread.bench.duration=5s)
    lost=$(printf '%s\n' "$(echo "$s1" | pick lost)" "$(echo "$s2" | pick lost)" "$(echo "$s3" | pick lost)" | total | tr -d ' ')
    line="$transport $(echo "$s1" | pick delivered_fps) $(echo "$s2" | pick delivered_fps) $(echo "$s3" | pick latency_p50_ms) $(echo "$s3" | pick latency_p99_ms) $lost"
    echo "$line" >>"$LOGS/runs"
    echo "round=$round receivers=$transport bulk_fps=$(echo "$line" | cut -d' ' -f2) single_fps=$(echo "$line" | cut -d' ' -f3) p50_ms=$(echo "$line" | cut -d' ' -f4) p99_ms=$(echo "$line" | cut -d' ' -f5) lost=$lost"
  done
done

col() { grep "^$1 " "$LOGS/runs" | cut -d' ' -f"$2"; }
echo
echo "| receivers ($RECEIVERS) | bulk fan-out frames/s | single-frame writes frames/s | latency p50 / p99 ms ($RATE frames/s) | lost |"
echo "|---|---|---|---|---|"
for transport in tcp websocket; do
  echo "| $transport | $(col $transport 2 | median) | $(col $transport 3 | median) | $(col $transport 4 | median) / $(col $transport 5 | median) | $(col $transport 6 | sed 's/(.*//' | total) |"
done
echo
echo "medians of $ROUNDS rounds, lost summed over all runs; logs in $LOGS"
