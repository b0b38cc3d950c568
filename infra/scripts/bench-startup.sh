#!/usr/bin/env bash
# Startup benchmark of the local stack: time from `./fanout up` to every component healthy,
# cold (no data yet) and warm (data kept from the previous run), ROUNDS times each.
# Prints the figures and writes them to benchmarks/results/startup.json.
# Uses its own state directory and the default ports, so stop your own stack first.
#   ROUNDS=3 (default)   COMPONENTS="postgres kafka schema-registry connect flink" (default: all)
#   OUTPUT=benchmarks/results/startup.json (default)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${ROUNDS:-3}"
read -r -a COMPONENTS <<< "${COMPONENTS:-}"
OUTPUT="${OUTPUT:-benchmarks/results/startup.json}"
STATE="$(mktemp -d /tmp/cdc-fanout-bench-XXXXXX)"
chmod 755 "$STATE"
export FANOUT_STATE_DIR="$STATE"
trap '"$ROOT/fanout" down --purge >/dev/null 2>&1 || true; rm -rf "$STATE" "$STATE.up.log"' EXIT

"$ROOT/fanout" status >/dev/null # builds the launcher outside the measurement
"$ROOT/fanout" up "${COMPONENTS[@]}" >/dev/null && "$ROOT/fanout" down --purge >/dev/null  # builds the components, warms the page cache
load_before=$(cut -d' ' -f1 /proc/loadavg)

# Sets $elapsed to the seconds `./fanout up` took; a failed start ends the benchmark.
time_up() {
  local start end
  start=$(date +%s.%N)
  if ! "$ROOT/fanout" up "${COMPONENTS[@]}" >"$STATE.up.log" 2>&1; then
    echo "./fanout up failed; the benchmark stops:" >&2
    tail -n 20 "$STATE.up.log" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  elapsed=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')
}

cold=() warm=()
for round in $(seq "$ROUNDS"); do
  time_up
  cold+=("$elapsed")
  "$ROOT/fanout" down >/dev/null
  time_up
  warm+=("$elapsed")
  "$ROOT/fanout" down --purge >/dev/null
  echo "round $round: cold ${cold[-1]} s, warm ${warm[-1]} s"
done

# down must leave no process of the stack behind.
if pgrep -f "$STATE" >/dev/null; then
  echo "processes of the stack are still running after down:" >&2
  pgrep -af "$STATE" >&2
  exit 1
fi

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mkdir -p "$(dirname "$ROOT/$OUTPUT")"
cat > "$ROOT/$OUTPUT" <<JSON
{
  "benchmark": "local stack startup, ./fanout up until every component is healthy",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "cores": $(nproc),
  "rounds": $ROUNDS,
  "components": "${COMPONENTS[*]:-all}",
  "load_average_before": $load_before,
  "load_average_after": $(cut -d' ' -f1 /proc/loadavg),
  "cold_seconds": [$(IFS=,; echo "${cold[*]}")],
  "warm_seconds": [$(IFS=,; echo "${warm[*]}")],
  "cold_median_seconds": $(median "${cold[@]}"),
  "warm_median_seconds": $(median "${warm[@]}")
}
JSON
echo "cold median $(median "${cold[@]}") s, warm median $(median "${warm[@]}") s ($OUTPUT)"
