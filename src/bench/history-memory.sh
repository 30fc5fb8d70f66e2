#!/usr/bin/env bash
# Heap cost of room history per 1,000 retained messages, measured: for each payload size, a fresh hub with a fixed
# heap (HEAP, default 2g, so history's share of the memory budget, 25% of 50%, holds everything), a warm-up, live
# heap measured after full GCs (jcmd GC.run, then GC.heap_info and GC.class_histogram), then one gateway client
# (history-publish.py) publishes MESSAGES (1000) messages of the payload size into each of ROOMS rooms, leaving each,
# so that ROOMS x 1000 messages are retained and nothing else is held for them; live heap measured again. Also
# runs a control with spread.history.size=0 (same traffic, nothing retained) to show the measurement's own drift.
# Prints a Markdown table: measured bytes per 1,000 retained messages vs spread.history.retained.bytes' estimate.
# Usage: src/bench/history-memory.sh [JAR]     (default target/spread-*.jar, built if missing)
# Env: SIZES ("64 1024"), ROOMS (100), MESSAGES (1000), HEAP (2g), HUB_JAVA_OPTS (extra JVM options)
set -u
BENCH=$(cd "$(dirname "$0")" && pwd)
cd "$BENCH/../.."
SIZES=${SIZES:-"64 1024"}
ROOMS=${ROOMS:-100}
MESSAGES=${MESSAGES:-1000}
HEAP=${HEAP:-2g}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-}
JAR=${1:-$(ls target/spread-*.jar 2>/dev/null | head -n 1)}
if [ -z "$JAR" ]; then
  ./mvnw -B -q -DskipTests package || exit 1
  JAR=$(ls target/spread-*.jar | head -n 1)
fi
PUBLISH="python3 $BENCH/history-publish.py"
HTTP=18580; GW=18589; AUTH=admin:bench-admin
NAME=mem-pub   # the publisher's name: 7 characters in the estimate of every message
LOGS=$(mktemp -d /tmp/history-memory.XXXXXX)
HUB=""
cleanup() { [ -n "$HUB" ] && kill "$HUB" 2>/dev/null; }
trap cleanup EXIT

start() { # start extra...
  # shellcheck disable=SC2086  # HUB_JAVA_OPTS holds several options
  java -Xms$HEAP -Xmx$HEAP $HUB_JAVA_OPTS -jar "$JAR" --server.port=$HTTP --spread.tcp.host=127.0.0.1 \
    --spread.tcp.port=$((GW - 2)) --spread.gateway.port=$GW --logging.level.io.spread=warn \
    --spread.admin.password=bench-admin --management.endpoints.web.exposure.include=health,prometheus \
    --spread.history.ttl=1h "$@" >"$LOGS/hub.log" 2>&1 &
  HUB=$!
  for _ in $(seq 1 120); do
    curl -fs http://127.0.0.1:$HTTP/actuator/health/readiness >/dev/null 2>&1 && return
    sleep 0.5
  done
  echo "hub did not start (see $LOGS/hub.log)" >&2; exit 1
}
stop() { kill "$HUB"; wait "$HUB" 2>/dev/null; HUB=""; }
metric() { # metric name: its value on the hub's Prometheus endpoint
  curl -fs -u $AUTH "http://127.0.0.1:$HTTP/actuator/prometheus" | awk -v m="$1" '$1 == m { printf "%d\n", $NF }'
}
# live heap after full GCs: "used_bytes histogram_total_bytes entry_bytes byte_array_bytes object_array_bytes"
live() { # live tag
  jcmd "$HUB" GC.run >/dev/null; sleep 1; jcmd "$HUB" GC.run >/dev/null; sleep 1
  jcmd "$HUB" GC.heap_info >"$LOGS/heap-$1.txt"
  jcmd "$HUB" GC.class_histogram >"$LOGS/histo-$1.txt"   # itself after a full GC
  local used
  used=$(grep -o 'used [0-9]*K' "$LOGS/heap-$1.txt" | head -n 1 | tr -dc 0-9)
  awk -v used=$((used * 1024)) '
    $1 == "Total" { total = $3 }
    $4 == "io.spread.history.RoomHistory$Entry" { entry = $3 }
    $4 == "[B" { bytes = $3 }
    $4 == "[Ljava.lang.Object;" { objects = $3 }
    END { printf "%d %d %d %d %d\n", used, total, entry, bytes, objects }' "$LOGS/histo-$1.txt"
}

echo "# jar $JAR, heap $HEAP ($(java -Xms$HEAP -Xmx$HEAP $HUB_JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 ~ /^Use(G1|Serial|Parallel|Z|Shenandoah)GC$/ && $4 == "true" { print $2 }')), $ROOMS rooms x $MESSAGES messages; logs in $LOGS"
ROWS=""
for case in $(for s in $SIZES; do echo "on:$s"; done) "off:${SIZES%% *}"; do
  mode=${case%%:*}; size=${case#*:}
  if [ "$mode" = on ]; then start --spread.history.size=1000; else start --spread.history.size=0; fi
  # warm-up: the same traffic into other rooms, so that code paths, buffers and lazily made objects exist before
  # the baseline; it stays retained (with history on) in both measurements
  $PUBLISH 127.0.0.1 $GW $NAME warm 5 $MESSAGES "$size" || exit 1
  r0=$(metric spread_history_retained); b0=$(metric spread_history_retained_bytes)
  read -r u0 t0 e0 y0 o0 <<<"$(live "$mode-$size-before")"
  $PUBLISH 127.0.0.1 $GW $NAME "m$size" "$ROOMS" "$MESSAGES" "$size" || exit 1
  r1=$(metric spread_history_retained); b1=$(metric spread_history_retained_bytes)
  ev=$(metric spread_history_evicted_total)
  read -r u1 t1 e1 y1 o1 <<<"$(live "$mode-$size-after")"
  stop
  kept=$((r1 - r0))
  # per 1,000 retained messages; in the control (nothing retained), per 1,000 published
  per() { awk -v d="$1" -v k="$kept" -v n=$((ROOMS * MESSAGES)) 'BEGIN { printf "%d", d * 1000 / ((k > 0) ? k : n) }'; }
  line="history=$mode payload=$size retained=$kept evicted=$ev heap_used_delta=$((u1 - u0)) live_delta=$((t1 - t0)) entry_delta=$((e1 - e0)) byte_array_delta=$((y1 - y0)) object_array_delta=$((o1 - o0)) estimate_delta=$((b1 - b0))"
  echo "$line"
  ROWS+="| $mode | $size B | $kept | $(per $((u1 - u0))) | $(per $((t1 - t0))) | $(per $((e1 - e0))) | $(per $((y1 - y0))) | $(per $((o1 - o0))) | $(per $((b1 - b0))) |"$'\n'
done
echo
echo "Bytes per 1,000 retained messages (the control with history off: per 1,000 published; publisher name $NAME, ${#NAME} characters):"
echo
echo "| history | payload | messages retained | heap used (GC.heap_info) | live objects (class histogram) | of which entries | byte[] | Object[] | estimate (spread.history.retained.bytes) |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s' "$ROWS"
