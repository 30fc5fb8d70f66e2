#!/usr/bin/env bash
# Robustness results, the hub before this round's fixes ("old") against the current one ("new"), on loopback:
#   1. idle memory per connection that has spoken once (19,000 connections, bounded heap, fresh hub)
#   2. 6,000 connections each holding a 65,000-byte partial frame at -Xmx768m (the helm chart's 1 Gi limit), while
#      a small fan-out and latency run use the same hub and its health is read
#   3. a 40 MB burst to one receiver reading at full speed, on default settings
#   4. the hub's thread count with 5,000 connections talking (each sends one frame per round)
#   5. bulk fan-out and latency, old and new alternating (and which goes first), medians of 3 runs
# and prints a Markdown table, then the command lines it ran. Every step is bounded by `timeout`; every process it
# starts is stopped on exit. All sockets are on 127.0.0.1. The load tool is always the new jar's.
#
# Usage: src/bench/robustness.sh [OLD_JAR [NEW_JAR]]
#   OLD_JAR (argument or environment; default /tmp/spread-base.jar): the hub before the fixes. To build it:
#     git worktree add /tmp/base 1dba406 && (cd /tmp/base && ./mvnw -B -q -DskipTests package)
#     OLD_JAR=/tmp/base/target/spread-0.1.0-SNAPSHOT.jar
#   NEW_JAR (argument or environment): the hub to measure; without it the script builds this checkout.
#   OUT (environment): where the report goes; default stdout. Logs stay in a temporary directory (printed).
#   CONNECTIONS_JAVA_OPTS: the hub's JVM options for item 1 (as in compare.sh); default -Xmx256m -XX:+UseSerialGC.
set -uo pipefail
cd "$(dirname "$0")/../.."

OLD_JAR=${1:-${OLD_JAR:-/tmp/spread-base.jar}}
NEW_JAR=${2:-${NEW_JAR:-}}
OUT=${OUT:-/dev/stdout}
CONNECTIONS_JAVA_OPTS=${CONNECTIONS_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
PARTIAL_JAVA_OPTS=-Xmx768m   # what the helm chart's 1 Gi memory limit gives the heap
RUNS=3

[ -f "$OLD_JAR" ] || { echo "old jar $OLD_JAR is missing; see the usage at the top of $0" >&2; exit 1; }
if [ -z "$NEW_JAR" ]; then
  ./mvnw -B -q -DskipTests package || exit 1
  NEW_JAR=$(ls target/spread-*.jar | head -n 1)
fi
WORK=$(mktemp -d /tmp/spread-robustness.XXXXXX)
# private copies: a rebuild must not replace a jar under a running JVM
cp "$OLD_JAR" "$WORK/old.jar" && cp "$NEW_JAR" "$WORK/new.jar" || exit 1
TOOL=(java -jar "$WORK/new.jar" --spread.mode=bench --spread.bench.host=127.0.0.1)
echo "logs in $WORK" >&2

PIDS=()
stop() { # stop PID... : TERM, up to 10 s to exit, then KILL
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return
    sleep 0.2
  done
  for pid in "$@"; do kill -9 "$pid" 2>/dev/null; done
}
cleanup() { [ ${#PIDS[@]} -gt 0 ] && stop "${PIDS[@]}"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ports: the old hub on 183x7/183x0, the new one on 184x7/184x0 (x = item), so both can run at once in item 5
tcp_port() { if [ "$1" = old ]; then echo $((18307 + 10 * $2)); else echo $((18407 + 10 * $2)); fi; }
http_port() { if [ "$1" = old ]; then echo $((18300 + 10 * $2)); else echo $((18400 + 10 * $2)); fi; }

# the command lines, for the report: one file per item (bench runs in a subshell, so no shell variable)
cmd() { echo "    $2" >>"$WORK/commands-$1"; }
HUB_PID=""
ADMIN_PASSWORD=bench-admin # the hubs' actuator login; curl sends it, a hub without a login ignores it
# start_hub WHICH ITEM JAVA_OPTS [HUB_ARGS...] : starts a hub and waits until its health answers (60 s at most)
start_hub() {
  local which=$1 item=$2 opts=$3; shift 3
  local args=(--spread.tcp.host=127.0.0.1 --spread.tcp.port="$(tcp_port "$which" "$item")"
    --server.address=127.0.0.1 --server.port="$(http_port "$which" "$item")" --logging.level.io.spread=warn
    --management.endpoints.web.exposure.include=health,prometheus "$@")
  # a jar with the actuator login (spread.admin.*) gets a known password; an older one knows no such setting
  if unzip -p "$WORK/$which.jar" BOOT-INF/classes/META-INF/spring-configuration-metadata.json 2>/dev/null \
      | grep -q '"spread.admin.password"'; then
    args+=(--spread.admin.password="$ADMIN_PASSWORD")
  fi
  # shellcheck disable=SC2086  # opts holds several JVM options
  java $opts -jar "$WORK/$which.jar" "${args[@]}" >"$WORK/hub-$which-$item.log" 2>&1 &
  HUB_PID=$!
  PIDS+=("$HUB_PID")
  cmd "$item" "hub:  java $opts -jar \$JAR ${args[*]}"
  for _ in $(seq 1 120); do
    [ "$(health "$which" "$item")" = UP ] && return 0
    kill -0 "$HUB_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "the $which hub (item $item) did not start; see $WORK/hub-$which-$item.log" >&2
  return 1
}

health() { # health WHICH ITEM : UP, DOWN, ... or "timed out"
  local body
  body=$(curl -m 5 -s -u "admin:$ADMIN_PASSWORD" "http://127.0.0.1:$(http_port "$1" "$2")/actuator/health") || { echo "timed out"; return; }
  sed -n 's/.*"status":"\([A-Z_]*\)".*/\1/p' <<<"$body" | tail -n 1
}

metric() { # metric WHICH ITEM NAME : a gauge from the hub's Prometheus endpoint, or n/a
  curl -m 5 -s -u "admin:$ADMIN_PASSWORD" "http://127.0.0.1:$(http_port "$1" "$2")/actuator/prometheus" 2>/dev/null \
    | awk -v n="$3" '$1 == n { printf "%.0f", $2; found = 1 } END { if (!found) printf "n/a" }'
}

proc_status() { grep "^$2:" "/proc/$1/status" 2>/dev/null | awk '{ print $2 }'; }

# bench LIMIT WHICH ITEM ARGS... : runs the load tool against that hub for at most LIMIT seconds; prints its summary
# line, or "failed=<why>" with the tool's last error
bench() {
  local limit=$1 which=$2 item=$3; shift 3
  local args=(--spread.bench.port="$(tcp_port "$which" "$item")" "$@")
  local err="$WORK/bench-$which-$item.log" line rc
  cmd "$item" "tool: java -jar \$NEW_JAR --spread.mode=bench --spread.bench.host=127.0.0.1 ${args[*]}"
  line=$(timeout "$limit" "${TOOL[@]}" "${args[@]}" 2>>"$err" | grep '^spread-bench')
  rc=${PIPESTATUS[0]}
  if [ -n "$line" ]; then echo "$line"; return; fi
  [ "$rc" = 124 ] && { echo "spread-bench failed=timed-out-after-${limit}s"; return; }
  echo "spread-bench failed=$(grep -E 'FAIL|Exception:|bench: only' "$err" | tail -n 1 | cut -c1-120 | tr ' =' '_:')"
}

value() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p" | head -n 1; }
or_failed() { [ -n "$1" ] && echo "$1" || echo "failed"; }
num() { [ -z "$1" ] && { echo failed; return; }; sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta' <<<"$1"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

START=$(date +%s)
LOAD_START=$(load)

# ---- 1. memory per connection that has spoken once -------------------------------------------------------------
ITEM1=(--spread.bench.scenario=connections --spread.bench.connections=19000 --spread.bench.batch=1000
  --spread.bench.source-addresses=32 --spread.bench.greeting-bytes=16 --spread.bench.time-limit=30s)
declare -A R1
for which in old new; do
  if start_hub "$which" 1 "$CONNECTIONS_JAVA_OPTS" --spread.hub.max-connections=20000; then
    R1[$which]=$(bench 300 "$which" 1 "${ITEM1[@]}" --spread.bench.hub-pid="$HUB_PID")
  else R1[$which]="spread-bench failed=hub-did-not-start"; fi
  stop "$HUB_PID"
done

# ---- 2. 6,000 partial frames of 65,000 bytes at -Xmx768m -------------------------------------------------------
ITEM2=(--spread.bench.scenario=connections --spread.bench.connections=6000 --spread.bench.batch=500
  --spread.bench.greeting-bytes=65000 --spread.bench.greeting-partial=true --spread.bench.time-limit=30s
  --spread.bench.hold=45s)
SMALL_FANOUT=(--spread.bench.scenario=fanout --spread.bench.receivers=10 --spread.bench.frames=20000)
SMALL_LATENCY=(--spread.bench.scenario=latency --spread.bench.receivers=10 --spread.bench.rate=1000
  --spread.bench.duration=5s)
declare -A R2 F2 L2 H2A H2B OUTCOME2 GAUGES2
for which in old new; do
  if ! start_hub "$which" 2 "$PARTIAL_JAVA_OPTS"; then
    R2[$which]="spread-bench failed=hub-did-not-start"; OUTCOME2[$which]="did not start"; continue
  fi
  hub=$HUB_PID
  cmd 2 "tool: java -jar \$NEW_JAR --spread.mode=bench --spread.bench.host=127.0.0.1 --spread.bench.port=$(tcp_port "$which" 2) ${ITEM2[*]} --spread.bench.hub-pid=$hub (in the background, while:)"
  timeout 240 "${TOOL[@]}" --spread.bench.port="$(tcp_port "$which" 2)" "${ITEM2[@]}" --spread.bench.hub-pid="$hub" \
    >"$WORK/partial-$which.out" 2>"$WORK/partial-$which.err" &
  holder=$!
  PIDS+=("$holder")
  for _ in $(seq 1 150); do   # until the connections are open and held (150 s at most)
    grep -q 'holding' "$WORK/partial-$which.err" 2>/dev/null && break
    kill -0 "$holder" 2>/dev/null || break
    sleep 1
  done
  H2A[$which]=$(health "$which" 2)
  GAUGES2[$which]="partial input $(metric "$which" 2 spread_memory_partial_input_bytes) B, budget $(metric "$which" 2 spread_memory_budget_bytes) B, reads paused $(metric "$which" 2 spread_reads_paused_total), RSS $(proc_status "$hub" VmRSS) kB, threads $(proc_status "$hub" Threads)"
  F2[$which]=$(bench 60 "$which" 2 "${SMALL_FANOUT[@]}")
  L2[$which]=$(bench 60 "$which" 2 "${SMALL_LATENCY[@]}")
  H2B[$which]=$(health "$which" 2)
  wait "$holder" 2>/dev/null
  R2[$which]=$(grep '^spread-bench' "$WORK/partial-$which.out" || echo "spread-bench failed=no-summary")
  outcome=()
  kill -0 "$hub" 2>/dev/null || outcome+=("hub exited")
  grep -q 'OutOfMemoryError' "$WORK/hub-$which-2.log" && outcome+=("OutOfMemoryError in log")
  [ "${H2A[$which]}" = "timed out" ] && outcome+=("hung: health timed out")
  [ ${#outcome[@]} -eq 0 ] && outcome+=("hub alive, no OutOfMemoryError in its log")
  OUTCOME2[$which]=$(IFS=';'; echo "${outcome[*]}" | sed 's/;/; /g')
  stop "$hub"
done

# ---- 3. a 40 MB burst to one receiver, default settings ----------------------------------------------------------
ITEM3=(--spread.bench.scenario=fanout --spread.bench.receivers=1 --spread.bench.frame-size=100
  --spread.bench.frames=419430 --spread.bench.warmup=0s)
declare -A R3
for which in old new; do
  if start_hub "$which" 3 ""; then R3[$which]=$(bench 120 "$which" 3 "${ITEM3[@]}")
  else R3[$which]="spread-bench failed=hub-did-not-start"; fi
  stop "$HUB_PID"
done

# ---- 4. threads with 5,000 talking clients -----------------------------------------------------------------------
ITEM4=(--spread.bench.scenario=connections --spread.bench.connections=5000 --spread.bench.batch=1000
  --spread.bench.rounds=3)
declare -A R4
for which in old new; do
  if start_hub "$which" 4 ""; then R4[$which]=$(bench 240 "$which" 4 "${ITEM4[@]}" --spread.bench.hub-pid="$HUB_PID")
  else R4[$which]="spread-bench failed=hub-did-not-start"; fi
  stop "$HUB_PID"
done

# ---- 5. bulk fan-out and latency, alternating, medians of 3 ------------------------------------------------------
FANOUT=(--spread.bench.scenario=fanout --spread.bench.receivers=100 --spread.bench.frame-size=64 --spread.bench.frames=20000)
LATENCY=(--spread.bench.scenario=latency --spread.bench.receivers=100 --spread.bench.rate=2000 --spread.bench.duration=10s)
declare -A F5 L5
start_hub old 5 "" --spread.hub.max-connections=20000 --spread.hub.outbound-buffer=8MB; OLD5=$HUB_PID
start_hub new 5 "" --spread.hub.max-connections=20000 --spread.hub.outbound-buffer=8MB; NEW5=$HUB_PID
for run in $(seq 1 $RUNS); do
  order="old new"; [ $((run % 2)) = 0 ] && order="new old"   # who goes first alternates too
  for which in $order; do F5[$which,$run]=$(bench 120 "$which" 5 "${FANOUT[@]}"); done
  for which in $order; do L5[$which,$run]=$(bench 120 "$which" 5 "${LATENCY[@]}"); done
done
stop "$OLD5" "$NEW5"

median() { # median KEY LINES... : the median of KEY over the lines that have it
  local key=$1; shift
  local line
  for line in "$@"; do value "$line" "$key"; done | grep -E '^[0-9.]+$' | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
runs_of() { local -n runs=$1; local r; for r in $(seq 1 $RUNS); do echo "${runs[$2,$r]}"; done; }
med() { # med ARRAY WHICH KEY
  local lines; mapfile -t lines < <(runs_of "$1" "$2"); median "$3" "${lines[@]}"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", b / a; else print "n/a" }'; }

# ---- verdicts ---------------------------------------------------------------------------------------------------
verdict1() { local b; b=$(value "${R1[new]}" hub_bytes_per_connection)
  [ -n "$b" ] && [ "$(value "${R1[new]}" opened)" = 19000 ] && [ "$b" -le 4096 ] && echo yes || echo "**no**"; }
verdict2() {
  [ "$(value "${R2[new]}" opened)" = 6000 ] && [ "$(value "${R2[new]}" closed_by_hub)" = 0 ] \
    && [ "${H2A[new]}" = UP ] && [ "${H2B[new]}" = UP ] && [ "$(value "${F2[new]}" lost)" = 0 ] \
    && [ "$(value "${L2[new]}" lost)" = 0 ] && echo yes || echo "**no**"; }
verdict3() { [ "$(value "${R3[new]}" lost)" = 0 ] && [ "$(value "${R3[new]}" receivers_disconnected)" = 0 ] \
  && echo yes || echo "**no**"; }
verdict4() { local b p; b=$(value "${R4[new]}" hub_threads_before); p=$(value "${R4[new]}" hub_threads_peak)
  [ -n "$b" ] && [ -n "$p" ] && [ "$(value "${R4[new]}" round_frames_delivered)" = "$(value "${R4[new]}" round_frames_expected)" ] \
    && echo "yes (+$((p - b)))" || echo "**no**"; }
verdict5() { # fan-out within 10% of old or better, p99 within 10% or better
  awk -v fo="$(med F5 old delivered_fps)" -v fn="$(med F5 new delivered_fps)" \
      -v lo="$(med L5 old latency_p99_ms)" -v ln="$(med L5 new latency_p99_ms)" \
      'BEGIN { print (fo > 0 && fn >= 0.9 * fo && ln > 0 && ln <= 1.1 * lo) ? "yes" : "**no**" }'; }
partial_cell() { # partial_cell WHICH
  local w=$1
  echo "${OUTCOME2[$w]}; opened $(num "$(value "${R2[$w]}" opened)"), closed by hub $(or_failed "$(value "${R2[$w]}" closed_by_hub)"); health ${H2A[$w]:-n/a} / ${H2B[$w]:-n/a}"
}
small_cell() { # small_cell LINE : lost and rate of a small run
  local l=$1
  if [ -n "$(value "$l" lost)" ]; then
    echo "lost $(value "$l" lost), $(num "$(value "$l" delivered_fps)") frames/s, p99 $(value "$l" latency_p99_ms) ms"
  else echo "failed ($(value "$l" failed))"; fi
}

{
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -n 1)"
  echo "Date: $(date -u +%Y-%m-%d); load average (1/5/15 min) at start $LOAD_START, at end $(load); took $(( $(date +%s) - START )) s"
  echo "Old: $OLD_JAR; new: $NEW_JAR"
  echo
  echo "| # | measure | target | old | new | met |"
  echo "|---|---|---|---|---|---|"
  echo "| 1 | hub RSS growth per connection, 19,000 connections that each sent one 16-byte line (fresh hub, $CONNECTIONS_JAVA_OPTS) | ≤ 4 KB (4,096 B) | $(num "$(value "${R1[old]}" hub_bytes_per_connection)") B ($(num "$(value "${R1[old]}" opened)") opened, $(or_failed "$(value "${R1[old]}" failures)") failures) | $(num "$(value "${R1[new]}" hub_bytes_per_connection)") B ($(num "$(value "${R1[new]}" opened)") opened, $(or_failed "$(value "${R1[new]}" failures)") failures) | $(verdict1) |"
  echo "| 2 | 6,000 connections each holding a 65,000-byte partial line, $PARTIAL_JAVA_OPTS: outcome; health while held, after the small runs | hub keeps serving, health UP | $(partial_cell old) | $(partial_cell new) | $(verdict2) |"
  echo "|   | ... meanwhile a fan-out, 10 receivers, 20,000 frames | succeeds | $(small_cell "${F2[old]}") | $(small_cell "${F2[new]}") | |"
  echo "|   | ... meanwhile latency, 1,000 frames/s to 10 receivers, 5 s | succeeds | $(small_cell "${L2[old]}") | $(small_cell "${L2[new]}") | |"
  echo "|   | ... the hub while held | | ${GAUGES2[old]:-n/a} | ${GAUGES2[new]:-n/a} | |"
  echo "| 3 | 40 MB burst (419,430 frames of 100 B) to 1 receiver reading at full speed, default settings: delivered / lost / disconnect reasons | delivered whole | $(num "$(value "${R3[old]}" delivered)") / $(num "$(value "${R3[old]}" lost)") / $(or_failed "$(value "${R3[old]}" disconnect_reasons)") | $(num "$(value "${R3[new]}" delivered)") / $(num "$(value "${R3[new]}" lost)") / $(or_failed "$(value "${R3[new]}" disconnect_reasons)") | $(verdict3) |"
  echo "| 4 | hub threads before / peak, 5,000 connections, 3 rounds of one frame each (round frames delivered of expected, seconds) | does not grow with clients | $(or_failed "$(value "${R4[old]}" hub_threads_before)") / $(or_failed "$(value "${R4[old]}" hub_threads_peak)") ($(num "$(value "${R4[old]}" round_frames_delivered)") of $(num "$(value "${R4[old]}" round_frames_expected)"), $(or_failed "$(value "${R4[old]}" round_seconds)") s) | $(or_failed "$(value "${R4[new]}" hub_threads_before)") / $(or_failed "$(value "${R4[new]}" hub_threads_peak)") ($(num "$(value "${R4[new]}" round_frames_delivered)") of $(num "$(value "${R4[new]}" round_frames_expected)"), $(or_failed "$(value "${R4[new]}" round_seconds)") s) | $(verdict4) |"
  echo "| 5 | bulk fan-out, 100 receivers, 64 B, 20,000 frames: delivered frames/s (median of $RUNS) | no worse | $(num "$(med F5 old delivered_fps)") | $(num "$(med F5 new delivered_fps)") (x$(ratio "$(med F5 old delivered_fps)" "$(med F5 new delivered_fps)")) | $(verdict5) |"
  echo "|   | latency, 2,000 frames/s to 100 receivers: p50 / p99 / p99.9 / max ms (medians of $RUNS) | no worse | $(med L5 old latency_p50_ms) / $(med L5 old latency_p99_ms) / $(med L5 old latency_p999_ms) / $(med L5 old latency_max_ms) | $(med L5 new latency_p50_ms) / $(med L5 new latency_p99_ms) / $(med L5 new latency_p999_ms) / $(med L5 new latency_max_ms) | |"
  echo "|   | lost in the fan-out and latency runs (all runs) | 0 | $(for r in $(seq 1 $RUNS); do value "${F5[old,$r]}" lost; value "${L5[old,$r]}" lost; done | awk '{ s += $1 } END { print s + 0 }') | $(for r in $(seq 1 $RUNS); do value "${F5[new,$r]}" lost; value "${L5[new,$r]}" lost; done | awk '{ s += $1 } END { print s + 0 }') | |"
  echo
  echo "Commands (\$JAR is the old or the new jar; the load tool is always the new jar; hub ports differ per item):"
  echo
  for item in 1 2 3 4 5; do
    echo "$item."
    echo
    sed -E 's/--spread\.bench\.hub-pid=[0-9]+/--spread.bench.hub-pid=<hub pid>/' "$WORK/commands-$item" 2>/dev/null \
      | awk '!seen[$0]++'
    echo
  done
  echo "Raw summaries:"
  echo
  for which in old new; do
    lines=("1: ${R1[$which]}" "2: ${R2[$which]}" "2: ${F2[$which]}" "2: ${L2[$which]}" "3: ${R3[$which]}" "4: ${R4[$which]}")
    for r in $(seq 1 $RUNS); do lines+=("5: ${F5[$which,$r]}" "5: ${L5[$which,$r]}"); done
    for line in "${lines[@]}"; do echo "    $which $line"; done
  done
} >"$OUT"
