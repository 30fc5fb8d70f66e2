#!/usr/bin/env bash
# Fan-out within one replica and across two replicas joined through Redis, on this machine (loopback only).
# Needs Debian's redis-server (apt-get install redis-server). Usage: src/bench/cluster.sh [output.md]
set -euo pipefail
cd "$(dirname "$0")/../.."

REDIS_PORT=16390
OUT=${1:-/dev/stdout}
RUNS=3
JAR=$(ls target/spread-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -B -q -DskipTests package
  JAR=$(ls target/spread-*.jar | head -n 1)
fi
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install redis-server" >&2; exit 1; }
LOGS=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no >"$LOGS/redis.log" 2>&1 &
PIDS+=($!)

ADMIN_PASSWORD=bench-admin # the replicas' actuator login: /actuator/health shows the cluster component only to it
start_replica() { # start_replica NAME TCP_PORT HTTP_PORT
  java -jar "$JAR" --server.port="$3" --spread.tcp.host=127.0.0.1 --spread.tcp.port="$2" \
    --spread.admin.password=$ADMIN_PASSWORD --spread.gateway.port=0 \
    --spread.hub.outbound-buffer=8MB --spread.cluster.enabled=true --spread.cluster.replica-id="$1" \
    --spring.data.redis.port=$REDIS_PORT --logging.level.io.spread=warn >"$LOGS/$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    curl -fs -u "admin:$ADMIN_PASSWORD" "http://127.0.0.1:$3/actuator/health" | grep -o '"cluster":{"details":{[^}]*},"status":"[A-Z]*"' | grep -q UP && return
    sleep 0.5
  done
  echo "replica $1 did not join; see $LOGS/$1.log" >&2
  exit 1
}
start_replica a 18107 18187
start_replica b 18108 18188

value() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
median() { # median ARGS... : the run with the median delivered_fps
  local runs=() line
  for _ in $(seq 1 $RUNS); do
    runs+=("$(java -jar "$JAR" --spread.mode=bench "$@" 2>>"$LOGS/bench.log" | grep '^spread-bench' || echo failed)")
  done
  for line in "${runs[@]}"; do echo "$(value "$line" delivered_fps || echo 0) $line"; done \
    | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p" | cut -d' ' -f2-
}

FANOUT=(--spread.bench.scenario=fanout --spread.bench.receivers=100 --spread.bench.frames=20000 --spread.bench.port=18107)
LOCAL=$(median "${FANOUT[@]}")
CROSS=$(median "${FANOUT[@]}" --spread.bench.receiver-port=18108)
{
  echo "| fan-out, 100 receivers, 64 B, 20,000 frames (median of $RUNS) | delivered frames/s | lost | out of order |"
  echo "|---|---|---|---|"
  echo "| sender and receivers on replica a | $(value "$LOCAL" delivered_fps) | $(value "$LOCAL" lost) | $(value "$LOCAL" out_of_order) |"
  echo "| sender on a, receivers on b (through Redis) | $(value "$CROSS" delivered_fps) | $(value "$CROSS" lost) | $(value "$CROSS" out_of_order) |"
  echo
  echo "    $LOCAL"
  echo "    $CROSS"
} >"$OUT"
