# Sourced by the benchmark scripts: a private ./fanout stack, with its own state directory and every
# component on a free port (the default ports belong to whoever runs ./fanout up here), purged on exit.
# Needs ROOT (the repository); sets STATE (the state directory) and the FANOUT_*_PORT variables.
STATE="$(mktemp -d /tmp/cdc-fanout-private-stack-XXXXXX)"
chmod 755 "$STATE"
export FANOUT_STATE_DIR="$STATE"
trap '"$ROOT/fanout" down --purge >/dev/null 2>&1 || true; rm -rf "$STATE"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
for name in POSTGRES KAFKA KAFKA_CONTROLLER SCHEMA_REGISTRY SCHEMA_REGISTRY_MANAGEMENT CONNECT FLINK PRODUCER_API \
    PRODUCER_API_MANAGEMENT LOAN_CONSUMER LOAN_PAYMENT_CONSUMER SERVICE_CONSUMER CAR_CONSUMER CONSOLE; do
  export "FANOUT_${name}_PORT=$(free_port)"
done
