#!/usr/bin/env bash
# Independent check of the producer API's throughput (issue #15's own method): wrk posting loan payment events
# with fresh ids against the producer of a real stack (PostgreSQL, Kafka, Connect capturing the outbox, the API),
# against pgbench running the same transaction (EventRows' statements, one commit per event) on the same
# database, at 1, 4 and 16 connections, interleaved. Neither tool is ours. Prints events/s, latency, the ratio
# API / pgbench and each tool's own CPU per request; writes benchmarks/results/producer-wrk.txt.
# Needs wrk and pgbench (apt-get install wrk postgresql-client) and JDK 21+ (. infra/scripts/find-jdk.sh).
#   SECONDS_PER_RUN=15 (default)   WARMUP_SECONDS=40 (default: the API's JIT needs that long at 16 connections)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="${SECONDS_PER_RUN:-15}"
WARMUP="${WARMUP_SECONDS:-40}"
OUTPUT="$ROOT/benchmarks/results/producer-wrk.txt"
for tool in wrk pgbench; do
  command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install wrk postgresql-client" >&2; exit 1; }
done
. "$ROOT/infra/scripts/private-stack.sh"
cd "$ROOT"
"$ROOT/fanout" up producer-api >"$STATE/up.log" 2>&1 || { tail -n 20 "$STATE/up.log" >&2; exit 1; }
API="http://127.0.0.1:$FANOUT_PRODUCER_API_PORT/api/v1/events"
export SAMPLE="$ROOT/contract/samples/loan-payment-submitted-event.json"
export PGHOST=127.0.0.1 PGPORT="$FANOUT_POSTGRES_PORT" PGUSER=fanout PGPASSWORD=fanout PGDATABASE=cdcfanout

# The producer's transaction for one loan payment event (producer-api EventRows: event row, entity upsert, outbox
# insert + delete, one commit), with fresh ids per transaction; the JSON is the same sample.
event_json=$(jq -c . "$SAMPLE")
entity_json=$(jq -c '.entities[0]' "$SAMPLE")
cat >"$STATE/transaction.sql" <<SQL
\set r random(1, 9223372036854775806)
BEGIN;
INSERT INTO business_event (event_id, event_type, event_name, primary_entity_id, created_date, saved_date, event)
  VALUES (md5('e' || :client_id || '-' || :r)::uuid, 'LoanPaymentSubmitted', 'Loan Payment Submitted', 'PAYMENT-' || :client_id || '-' || :r,
          '2025-02-15T09:00:00Z', '2025-02-15T09:00:02Z', '$event_json'::jsonb)
  ON CONFLICT (event_id) DO NOTHING;
INSERT INTO loan_payment_entities AS t (id, entity_type, created_at, updated_at, updated_attributes, last_event_id)
  VALUES ('PAYMENT-' || :client_id || '-' || :r, 'LoanPayment', '2025-02-15T09:00:00Z', '2025-02-15T09:00:00Z', '$entity_json'::jsonb,
          md5('e' || :client_id || '-' || :r)::uuid)
  ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, updated_attributes = excluded.updated_attributes,
      last_event_id = excluded.last_event_id WHERE t.updated_at <= excluded.updated_at;
INSERT INTO outboxevent (id, aggregatetype, aggregateid, type, timestamp, payload, eventid, tracingspancontext, traceparent)
  VALUES (md5('o' || :client_id || '-' || :r)::uuid, 'LoanPayment', 'PAYMENT-' || :client_id || '-' || :r, 'LoanPaymentSubmitted', now(),
          '$event_json'::jsonb, md5('e' || :client_id || '-' || :r)::uuid, NULL, NULL);
DELETE FROM outboxevent WHERE id = md5('o' || :client_id || '-' || :r)::uuid;
END;
SQL

# Runs a command; prints the CPU seconds (user + system) it and its children used.
cpu_of() { python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f" % (r.ru_utime + r.ru_stime), file=sys.stderr)' "$@"; }

# Sets rate, p50, p99 (ms), cpu_ms (per request) from a wrk run with $1 connections for $2 s.
run_wrk() {
  local threads=$(( $1 < 2 ? 1 : 2 )) out cpu errors
  out=$(cpu_of wrk -t"$threads" -c"$1" -d"$2"s --latency -s infra/scripts/producer-wrk/loan-payment.lua "$API" 2>"$STATE/wrk.cpu")
  cpu=$(tail -n 1 "$STATE/wrk.cpu")
  errors=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$out" | grep -o '[0-9]*$' || true)
  if [ -n "$errors" ] || grep -q 'Socket errors' <<<"$out"; then
    echo "the API refused requests or dropped connections:" >&2
    echo "$out" >&2
    exit 1
  fi
  rate=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  local requests
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu_ms=$(awk -v c="$cpu" -v n="$requests" 'BEGIN {printf "%.3f", c * 1000 / n}')
}

# Sets tps, plat (mean latency ms), cpu_ms (per transaction) from a pgbench run with $1 clients for $2 s.
run_pgbench() {
  local threads=$(( $1 < 2 ? 1 : 2 )) out cpu count
  out=$(cpu_of pgbench -n -M prepared -c"$1" -j"$threads" -T"$2" -f "$STATE/transaction.sql" 2>"$STATE/pgbench.cpu")
  cpu=$(tail -n 1 "$STATE/pgbench.cpu")
  tps=$(awk -F'= ' '/^tps/ {printf "%.0f", $2}' <<<"$out" | head -n 1)
  plat=$(awk -F'= ' '/^latency average/ {print $2}' <<<"$out" | awk '{print $1}')
  count=$(awk -F': ' '/number of transactions actually processed/ {print $2}' <<<"$out" | awk '{print $1}')
  cpu_ms=$(awk -v c="$cpu" -v n="$count" 'BEGIN {printf "%.3f", c * 1000 / n}')
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warm-up: wrk, 16 connections, ${WARMUP} s (the API's JIT), then pgbench 5 s"
run_wrk 16 "$WARMUP"
run_pgbench 16 5
table="connections  api events/s  api p50  api p99  wrk CPU ms/req  pgbench tx/s  pgbench mean ms  pgbench CPU ms/tx  api / pgbench"
for connections in 1 4 16; do
  run_wrk "$connections" "$RUN"
  api_rate=$rate api_p50=$p50 api_p99=$p99 wrk_cpu=$cpu_ms
  run_pgbench "$connections" "$RUN"
  ratio=$(awk -v a="$api_rate" -v b="$tps" 'BEGIN {printf "%.2f", a / b}')
  line=$(printf '%11d  %12d  %7s  %7s  %14s  %12d  %15s  %17s  %13s' "$connections" "$api_rate" "$api_p50" "$api_p99" "$wrk_cpu" \
    "$tps" "$plat" "$cpu_ms" "$ratio")
  echo "$line"
  table+=$'\n'"$line"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$(dirname "$OUTPUT")"
{
  echo "producer API (wrk) vs the same transaction (pgbench), $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, ${RUN} s per run"
  echo "load average before: $load_before, after: $load_after"
  echo "$table"
} | tee "$OUTPUT"
