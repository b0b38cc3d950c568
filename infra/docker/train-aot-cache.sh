#!/bin/bash
# Training run of a consumer's JDK AOT cache (JEP 483/514/515, JDK 25+): starts the packaged app
# (<app-dir>/quarkus-run.jar, built as aot-jar so that its classes are on the class path the cache can hold)
# once, with nothing to connect to, until Quarkus logs "started in", then stops it; the JVM writes
# <app-dir>/app.aot as it exits. Run the app afterwards from <app-dir> with -XX:AOTCache=app.aot and the same
# JVM, the same jars and the same options (a cache that does not fit is ignored with a warning, never fatal).
#   train-aot-cache.sh <app-dir> [JVM options of the production run…]
# Kafka, PostgreSQL and the registry stay unreachable on purpose: the image build has none, and the start
# loads nearly every class of a real one (Flyway's migration and the network replies excepted).
# Used by the consumers' Dockerfile.jvm and by infra/scripts/bench-consumer-start.sh.
set -euo pipefail
app="$1"
shift
cd "$app"
rm -f app.aot
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Port 0: any free port. A datasource URL must be set for the app to start; migrate-at-start=false keeps it
# from connecting. The dead-letter producer and the consumer retry 127.0.0.1:1 quietly until the stop.
"${JAVA_HOME:+$JAVA_HOME/bin/}java" "$@" -XX:AOTCacheOutput=app.aot \
  -Dquarkus.http.port=0 -Dquarkus.http.host=127.0.0.1 \
  -Dkafka.bootstrap.servers=127.0.0.1:1 -Dcdcfanout.consumer.schema-registry.url=http://127.0.0.1:1 \
  -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:1/training -Dquarkus.datasource.username=training \
  -Dquarkus.flyway.migrate-at-start=false \
  -jar quarkus-run.jar >"$log" 2>&1 &
pid=$!
for _ in $(seq 1200); do
  grep -q 'started in' "$log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q 'started in' "$log"; then
  echo "training run did not start within 120 s:" >&2
  tail -n 30 "$log" >&2
  kill "$pid" 2>/dev/null || true
  exit 1
fi
# A moment for the threads the start spawned (Kafka clients, health) to load their classes too.
sleep 2
kill -TERM "$pid"
wait "$pid" || true
if [ ! -s app.aot ]; then
  echo "no app.aot written:" >&2
  tail -n 30 "$log" >&2
  exit 1
fi
echo "AOT cache $app/app.aot: $(du -m app.aot | cut -f1) MB"
