#!/usr/bin/env bash
# Same-run comparison of gateway publishing with room history on (spread.history.size=1000, the default) and off
# (spread.history.size=0): two hubs from one jar, started side by side on different ports and kept up for the whole
# run, the load tool's gateway scenario against each in turn, scenario by scenario, for ROUNDS rounds (the order
# on/off flips every round), so that the machine's noise hits both alike. Prints one line per run, then the median
# of each measure per scenario and hub as a Markdown table.
# Usage: src/bench/history-compare.sh [JAR]      (default target/spread-*.jar, built if missing)
# Env: ROUNDS (5), HUB_JAVA_OPTS (JVM options for both hubs, default none), SCENARIOS (names below, default all)
set -u
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-5}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-}
JAR=${1:-$(ls target/spread-*.jar 2>/dev/null | head -n 1)}
if [ -z "$JAR" ]; then
  ./mvnw -B -q -DskipTests package || exit 1
  JAR=$(ls target/spread-*.jar | head -n 1)
fi
LOGS=$(mktemp -d /tmp/history-compare.XXXXXX)
AUTH=admin:bench-admin

# scenario name -> load tool arguments (gateway scenario); publishing-heavy, each a few seconds on 2 cores
declare -A ARGS=(
  [10x10-max]="--spread.bench.gateway.rooms=10 --spread.bench.gateway.members=10 --spread.bench.gateway.publishers=1 --spread.bench.gateway.messages=5000"
  [100x2-max]="--spread.bench.gateway.rooms=100 --spread.bench.gateway.members=2 --spread.bench.gateway.publishers=1 --spread.bench.gateway.messages=2000"
  [100x2-20k]="--spread.bench.gateway.rooms=100 --spread.bench.gateway.members=2 --spread.bench.gateway.publishers=1 --spread.bench.gateway.messages=400 --spread.bench.gateway.rate=20000"
)
# receivers of each message (members - 1): the hub's publish rate is delivered msgs/s over this
declare -A RECEIVERS=([10x10-max]=9 [100x2-max]=1 [100x2-20k]=1)
SCENARIOS=${SCENARIOS:-"10x10-max 100x2-max 100x2-20k"}

declare -A PID HTTP GW
HTTP[on]=18380; GW[on]=18389
HTTP[off]=18480; GW[off]=18489
cleanup() { for h in on off; do [ -n "${PID[$h]:-}" ] && kill "${PID[$h]}" 2>/dev/null; done; }
trap cleanup EXIT

start() { # start on|off extra...
  local h=$1; shift
  # shellcheck disable=SC2086  # HUB_JAVA_OPTS holds several options
  java $HUB_JAVA_OPTS -jar "$JAR" --server.port=${HTTP[$h]} --spread.tcp.host=127.0.0.1 --spread.tcp.port=$((GW[$h] - 2)) \
    --spread.gateway.port=${GW[$h]} --spread.hub.max-connections=20000 --logging.level.io.spread=warn \
    --spread.admin.password=bench-admin --management.endpoints.web.exposure.include=health,prometheus "$@" \
    >"$LOGS/hub-$h.log" 2>&1 &
  PID[$h]=$!
  for _ in $(seq 1 120); do
    curl -fs http://127.0.0.1:${HTTP[$h]}/actuator/health/readiness >/dev/null 2>&1 && return
    sleep 0.5
  done
  echo "hub $h did not start (see $LOGS/hub-$h.log)" >&2; exit 1
}
# the hub's CPU time so far in ms (utime + stime from /proc, clock ticks of 10 ms)
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat"; }
# messages the hub has numbered in all rooms so far (warm-up included)
published() {
  curl -fs -u $AUTH "http://127.0.0.1:$1/actuator/prometheus" \
    | awk '/^spread_room_messages_total/ { n += $NF } END { printf "%d\n", n }'
}
history() {
  curl -fs -u $AUTH "http://127.0.0.1:$1/actuator/prometheus" \
    | awk '/^spread_history_retained / { m = $NF } /^spread_history_retained_bytes / { b = $NF } /^spread_history_evicted_total / { e = $NF } END { printf "retained=%d retained_bytes=%d evicted=%d\n", m, b, e }'
}
pick() { tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }

start on --spread.history.size=1000
start off --spread.history.size=0
echo "# jar $JAR, hubs: on pid ${PID[on]} (history.size=1000), off pid ${PID[off]} (history.size=0); logs in $LOGS"
echo "# $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
RESULTS=$LOGS/runs.txt
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="on off"; else order="off on"; fi
  for s in $SCENARIOS; do
    for h in $order; do
      c0=$(cpu_ms "${PID[$h]}"); p0=$(published "${HTTP[$h]}")
      # shellcheck disable=SC2086  # ARGS holds several arguments
      line=$(java -jar "$JAR" --spread.mode=bench --spread.bench.scenario=gateway --spread.bench.gateway.port=${GW[$h]} \
        --spread.bench.time-limit=120s ${ARGS[$s]} 2>>"$LOGS/tool.err" | tail -1)
      c1=$(cpu_ms "${PID[$h]}"); p1=$(published "${HTTP[$h]}")
      msgs=$((p1 - p0))
      us=$(awk -v c=$((c1 - c0)) -v m=$msgs 'BEGIN { printf "%.2f", (m > 0) ? c * 1000 / m : 0 }')
      out="round=$round scenario=$s hub=$h delivered_fps=$(echo "$line" | pick delivered_fps) sent_fps=$(echo "$line" | pick sent_fps) p50=$(echo "$line" | pick latency_p50_ms) p99=$(echo "$line" | pick latency_p99_ms) lost=$(echo "$line" | pick lost) hub_cpu_us_per_msg=$us hub_msgs=$msgs $(history "${HTTP[$h]}") load=$(cut -d' ' -f1 /proc/loadavg)"
      echo "$out" | tee -a "$RESULTS"
    done
  done
done

median() { # median scenario hub field
  grep " scenario=$1 hub=$2 " "$RESULTS" | tr ' ' '\n' | grep "^$3=" | cut -d= -f2 | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
range() { # min-max scenario hub field
  grep " scenario=$1 hub=$2 " "$RESULTS" | tr ' ' '\n' | grep "^$3=" | cut -d= -f2 | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'
}
echo
echo "| scenario | history | delivered msgs/s (min-max) | published msgs/s | latency p50 / p99 ms | lost (max) | hub CPU µs per message |"
echo "|---|---|---|---|---|---|---|"
for s in $SCENARIOS; do
  for h in on off; do
    lostmax=$(range "$s" "$h" lost | cut -d- -f2)
    echo "| $s | $h | $(median "$s" "$h" delivered_fps) ($(range "$s" "$h" delivered_fps)) | $(awk -v d="$(median "$s" "$h" delivered_fps)" -v r="${RECEIVERS[$s]}" 'BEGIN { printf "%d", d / r }') | $(median "$s" "$h" p50) / $(median "$s" "$h" p99) | $lostmax | $(median "$s" "$h" hub_cpu_us_per_msg) |"
  done
done
echo
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg); on hub at the end: $(history "${HTTP[on]}")"
