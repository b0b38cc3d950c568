#!/bin/bash
# Training run of a consumer's JDK AOT cache (JEP 483/514/515, JDK 25+): starts the packaged app
# (<app-dir>/quarkus-run.jar, built as aot-jar so that its classes are on the class path the cache can hold)
# once, with nothing to connect to, until Quarkus logs "started in", asks it whether it is ready, then stops it;
# the JVM writes the cache as it exits, <app-dir>/app.aot (or the file name in AOT_CACHE). Run the app afterwards
# from <app-dir> with -XX:AOTCache=app.aot and the same JVM, the same jars and the same options (a cache that does
# not fit is ignored with a warning, never fatal).
#   [AOT_CACHE=app.aot] train-aot-cache.sh <app-dir> [JVM options of the production run…]
# Kafka, PostgreSQL and the registry stay unreachable on purpose: the image build has none, and the start
# loads nearly every class of a real one (Flyway's migration and the network replies excepted).
# Used by the consumers' Dockerfile.jvm, by ./fanout up (QuarkusApp in infra/fanout-cli, as fanout.aot) and by
# infra/scripts/bench-consumer-start.sh.
set -euo pipefail
app="$1"
shift
# The images' health check, beside this script: quarkus-ready in the images, quarkus-ready.sh in the repository.
ready_check="$(cd "$(dirname "$0")" && pwd)/quarkus-ready"
[ -x "$ready_check" ] || ready_check="$ready_check.sh"
cd "$app"
cache="${AOT_CACHE:-app.aot}"
# Written under a name of its own, then renamed: a JVM starting from the previous cache meanwhile keeps reading
# that, and two trainings at once (two stacks of one checkout) do not write into one file.
partial="$cache.$$.partial"
log="$(mktemp)"
trap 'rm -f "$log" "$partial"' EXIT
# Port 0: any free port. A datasource URL must be set for the app to start; migrate-at-start=false keeps it
# from connecting. The dead-letter producer and the consumer retry 127.0.0.1:1 quietly until the stop.
"${JAVA_HOME:+$JAVA_HOME/bin/}java" "$@" -XX:AOTCacheOutput="$partial" \
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
# The first requests to /q/health/ready load the classes of Vert.x's request path and of the health checks,
# which a real start needs before it counts as ready: asked here (by the images' own health check, which
# answers "not ready" without a broker), they come from the cache too. Measured: ~15 % less CPU to ready.
port="$(sed -n 's#.*Listening on: http://[^ ]*:\([0-9][0-9]*\).*#\1#p' "$log" | head -n 1)"
for _ in 1 2 3 4 5; do
  [ -n "$port" ] && { env -u QUARKUS_MANAGEMENT_PORT QUARKUS_HTTP_PORT="$port" "$ready_check" || true; }
  sleep 0.2
done
# A moment for the threads the start spawned (Kafka clients) to load their classes too.
sleep 1
kill -TERM "$pid"
wait "$pid" || true
if [ ! -s "$partial" ]; then
  echo "no $cache written:" >&2
  tail -n 30 "$log" >&2
  exit 1
fi
mv -f "$partial" "$cache"
echo "AOT cache $app/$cache: $(du -m "$cache" | cut -f1) MB"
