#!/usr/bin/env bash
# Same-run fan-out of one hub jar serving plain TCP and TLS on its relay port, alternating, with the same jar's load
# tool connecting plain or with TLS (spread.bench.ssl-bundle): bulk fan-out, single-frame writes, latency.
# The certificate is made by keytool for the run. Usage: tls-compare.sh HUB.jar   (ROUNDS=3 by default)
set -u
JAR=$1; ROUNDS=${ROUNDS:-3}
DIR=$(mktemp -d)
keytool -genkeypair -alias spread -keyalg EC -groupname secp256r1 -dname CN=localhost \
  -ext SAN=ip:127.0.0.1,dns:localhost -validity 2 -keystore "$DIR/spread.p12" -storetype PKCS12 \
  -storepass changeit >/dev/null 2>&1
BUNDLE="--spring.ssl.bundle.jks.spread.keystore.location=file:$DIR/spread.p12 --spring.ssl.bundle.jks.spread.keystore.password=changeit --spring.ssl.bundle.jks.spread.keystore.type=PKCS12"
TRUST="--spring.ssl.bundle.jks.spread.truststore.location=file:$DIR/spread.p12 --spring.ssl.bundle.jks.spread.truststore.password=changeit --spring.ssl.bundle.jks.spread.truststore.type=PKCS12"
start() { # extra hub settings...
  java -jar "$JAR" --server.port=18380 --spread.tcp.host=127.0.0.1 --spread.tcp.port=18307 --spread.gateway.port=0 \
    --spread.hub.max-connections=20000 --logging.level.io.spread=warn "$@" >/tmp/tlscmp-hub.log 2>&1 &
  HUB=$!
  for _ in $(seq 1 120); do curl -fs http://127.0.0.1:18380/actuator/health/readiness >/dev/null 2>&1 && return; sleep 0.5; done
  echo "hub did not start" >&2; exit 1
}
bench() { java -jar "$JAR" --spread.mode=bench --spread.bench.port=18307 "$@" 2>/dev/null | tail -1; }
pick() { tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
for round in $(seq 1 "$ROUNDS"); do
  for which in plain tls; do
    if [ $which = plain ]; then start; TOOL=(); else start $BUNDLE --spread.tcp.ssl.bundle=spread; TOOL=($TRUST --spread.bench.ssl-bundle=spread); fi
    s1=$(bench "${TOOL[@]}" --spread.bench.scenario=fanout --spread.bench.receivers=100 --spread.bench.frame-size=64 --spread.bench.frames=20000)
    s2=$(bench "${TOOL[@]}" --spread.bench.scenario=fanout --spread.bench.receivers=100 --spread.bench.frame-size=64 --spread.bench.senders=10 --spread.bench.frames=2000 --spread.bench.frames-per-write=1)
    s3=$(bench "${TOOL[@]}" --spread.bench.scenario=latency --spread.bench.receivers=100 --spread.bench.rate=2000 --spread.bench.duration=5s)
    echo "round=$round hub=$which bulk_fps=$(echo $s1|pick delivered_fps) bulk_lost=$(echo $s1|pick lost) single_fps=$(echo $s2|pick delivered_fps) single_lost=$(echo $s2|pick lost) p50=$(echo $s3|pick latency_p50_ms) p99=$(echo $s3|pick latency_p99_ms) p999=$(echo $s3|pick latency_p999_ms) lat_lost=$(echo $s3|pick lost)"
    kill $HUB; wait $HUB 2>/dev/null
  done
done
rm -rf "$DIR"
