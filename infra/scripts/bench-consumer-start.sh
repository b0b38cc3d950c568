#!/usr/bin/env bash
# Start-up benchmark of the packaged loan consumer (JVM mode): time from launching the JVM to the first
# 200 of /q/health/ready (partitions assigned, Flyway migrated, registry reachable) and the process's RSS
# at that moment, against a real PostgreSQL, Kafka and schema registry (./fanout up on free ports, state in
# a temporary directory). Compares, interleaved round by round so that the machine's load hits all alike:
#   today   the fast-jar as until now, with ./fanout's options of then (-Xmx512m)
#   image   the aot-jar with its JDK AOT cache (infra/docker/train-aot-cache.sh) and the JAVA_OPTS of the consumers'
#           Dockerfile.jvm, in a 1 GB container (-XX:MaxRAM=1g): what the images and ./fanout up run
#   c1      image + C1 only and no method profiles in a cache of its own (-XX:TieredStopAtLevel=1
#           -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining): the fast-start opt-in
#   notrace image + -Dquarkus.otel.sdk.disabled=true: what OpenTelemetry costs at start (not an option: the
#           SDK's tracing needs it)
# Besides the wall time it reads the CPU time the JVM used until ready, which the load of the machine
# stretches much less than the wall time.
# Builds both packagings first. Prints medians, ratios to today and `uptime` before and after; writes them
# to benchmarks/results/consumer-start.txt. Needs JDK 25+ (. infra/scripts/find-jdk.sh).
#   ROUNDS=5 (default)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${ROUNDS:-5}"
OUTPUT="$ROOT/benchmarks/results/consumer-start.txt"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ "$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')" -lt 25 ]; then
  echo "needs JDK 25+ for the AOT cache: . infra/scripts/find-jdk.sh" >&2
  exit 1
fi
. "$ROOT/infra/scripts/private-stack.sh"

cd "$ROOT"
APP=consumers/loan/target/quarkus-app
TODAY=consumers/loan/target/fast-jar
echo "building the loan consumer as fast-jar (today) and aot-jar…"
./mvnw -B -q package -pl consumers/loan -am -DskipTests -Dmdep.skip=true \
  -Dquarkus.package.jar.type=fast-jar -Dquarkus.package.output-directory=fast-jar
./mvnw -B -q package -pl consumers/loan -am -DskipTests -Dmdep.skip=true
# The images' JAVA_OPTS, read from the Dockerfile so that this measures what they run.
read -ra JAVA_OPTS <<<"$(sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' consumers/loan/src/main/docker/Dockerfile.jvm)"
IMAGE_OPTS=("${JAVA_OPTS[@]}" -XX:MaxRAM=1g)
C1_OPTS=("${IMAGE_OPTS[@]}" -XX:TieredStopAtLevel=1 -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining)
infra/docker/train-aot-cache.sh "$APP" "${IMAGE_OPTS[@]}"
AOT_CACHE=c1.aot infra/docker/train-aot-cache.sh "$APP" "${C1_OPTS[@]}"

"$ROOT/fanout" up postgres kafka schema-registry >"$STATE/up.log" 2>&1 || { tail -n 20 "$STATE/up.log" >&2; exit 1; }
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$FANOUT_KAFKA_PORT"
export SCHEMA_REGISTRY_URL="http://127.0.0.1:$FANOUT_SCHEMA_REGISTRY_PORT/apis/ccompat/v7"
export CDC_DB_JDBC_URL="jdbc:postgresql://127.0.0.1:$FANOUT_POSTGRES_PORT/cdcfanout" CDC_DB_USER=fanout CDC_DB_PASSWORD=fanout
PORT="$(free_port)"

# Runs one start; appends "<ms to ready> <RSS MB> <Quarkus 'started in' s> <CPU s until ready>" to the variant's file.
measure() {
  local variant=$1 dir=$2
  shift 2
  local log="$STATE/$variant.log" start pid ready="" rss
  start=$(date +%s%N)
  (cd "$dir" && exec "$JAVA" "$@" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" -jar quarkus-run.jar) >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 6000); do
    if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/q/health/ready"; then
      ready=$(( ($(date +%s%N) - start) / 1000000 ))
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  rss=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || true)
  # utime + stime (fields 14 and 15, after the command name in parentheses) in clock ticks
  cpu=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($12 + $13) / hz}' || true)
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || true  # a graceful stop leaves the group at once: the next start is assigned without waiting
  if [ -z "$ready" ]; then
    echo "$variant: not ready within 120 s:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  echo "$ready $rss $(grep -o 'started in [0-9.]*' "$log" | grep -o '[0-9.]*$' || true) $cpu" >>"$STATE/$variant.runs"
}

VARIANTS=(today image c1 notrace)
run_variant() {
  case $1 in
    today) measure today "$TODAY" -Xmx512m ;;
    image) measure image "$APP" "${IMAGE_OPTS[@]}" -XX:AOTCache=app.aot ;;
    c1) measure c1 "$APP" "${C1_OPTS[@]}" -XX:AOTCache=c1.aot ;;
    notrace) measure notrace "$APP" "${IMAGE_OPTS[@]}" -XX:AOTCache=app.aot -Dquarkus.otel.sdk.disabled=true ;;
  esac
}
for variant in "${VARIANTS[@]}"; do run_variant "$variant"; rm "$STATE/$variant.runs"; done  # warms page cache and group
load_before="$(uptime)"
for round in $(seq "$ROUNDS"); do
  for variant in "${VARIANTS[@]}"; do run_variant "$variant"; done
  echo "round $round/$ROUNDS done"
done
load_after="$(uptime)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
column_median() { awk -v c="$2" '{print $c}' "$STATE/$1.runs" | median; }
today_ms=$(column_median today 1)
today_rss=$(column_median today 2)
today_cpu=$(column_median today 4)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }
mkdir -p "$(dirname "$OUTPUT")"
{
  echo "loan consumer start-up, $ROUNDS rounds, medians; ready = launch to first 200 of /q/health/ready"
  echo "$("$JAVA" -version 2>&1 | head -1), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '%-7s %9s %7s %7s %7s %6s %7s %9s  %s\n' variant ready_ms ×today rss_mb ×today cpu_s ×today started_s "runs (ms)"
  for variant in "${VARIANTS[@]}"; do
    ms=$(column_median "$variant" 1)
    rss=$(column_median "$variant" 2)
    cpu=$(column_median "$variant" 4)
    printf '%-7s %9s %7.2f %7s %7.2f %6s %7.2f %9s  %s\n' "$variant" "$ms" "$(ratio "$ms" "$today_ms")" \
      "$rss" "$(ratio "$rss" "$today_rss")" "$cpu" "$(ratio "$cpu" "$today_cpu")" "$(column_median "$variant" 3)" \
      "$(awk '{printf "%s ", $1}' "$STATE/$variant.runs")"
  done
  echo "load before: $load_before"
  echo "load after:  $load_after"
} | tee "$OUTPUT"
echo "written to ${OUTPUT#"$ROOT/"}"
