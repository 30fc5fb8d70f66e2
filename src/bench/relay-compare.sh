#!/usr/bin/env bash
# Same-run relay comparison of two hub jars (e.g. the previous commit's and this one's), alternating, with the
# second jar's load tool for both: bulk fan-out, single-frame writes, latency. Usage: relay-compare.sh PREV.jar NEW.jar
set -u
PREV=$1; NEW=$2; TOOL=$NEW; ROUNDS=${ROUNDS:-3}
start() { # jar extra...
  local jar=$1; shift
  java -jar "$jar" --server.port=18080 --spread.tcp.host=127.0.0.1 --spread.tcp.port=18007 --spread.hub.max-connections=20000 --logging.level.io.spread=warn "$@" >/tmp/relaycmp-hub.log 2>&1 &
  HUB=$!
  for _ in $(seq 1 120); do curl -fs http://127.0.0.1:18080/actuator/health/readiness >/dev/null 2>&1 && return; sleep 0.5; done
  echo "hub did not start" >&2; exit 1
}
bench() { java -jar "$TOOL" --spread.mode=bench --spread.bench.port=18007 "$@" 2>/dev/null | tail -1; }
pick() { tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
for round in $(seq 1 $ROUNDS); do
  for which in prev new; do
    if [ $which = prev ]; then start "$PREV"; else start "$NEW" --spread.gateway.port=18009; fi
    s1=$(bench --spread.bench.scenario=fanout --spread.bench.receivers=100 --spread.bench.frame-size=64 --spread.bench.frames=20000)
    s2=$(bench --spread.bench.scenario=fanout --spread.bench.receivers=100 --spread.bench.frame-size=64 --spread.bench.senders=10 --spread.bench.frames=2000 --spread.bench.frames-per-write=1)
    s3=$(bench --spread.bench.scenario=latency --spread.bench.receivers=100 --spread.bench.rate=2000 --spread.bench.duration=5s)
    echo "round=$round hub=$which bulk_fps=$(echo $s1|pick delivered_fps) bulk_lost=$(echo $s1|pick lost) single_fps=$(echo $s2|pick delivered_fps) single_lost=$(echo $s2|pick lost) p50=$(echo $s3|pick latency_p50_ms) p99=$(echo $s3|pick latency_p99_ms) p999=$(echo $s3|pick latency_p999_ms) lat_lost=$(echo $s3|pick lost)"
    kill $HUB; wait $HUB 2>/dev/null
  done
done
