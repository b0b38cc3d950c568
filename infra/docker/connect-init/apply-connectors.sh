#!/bin/sh
# One-shot service of docker-compose.yml: creates or updates every connector of infra/connect/*.json
# (mounted at $CONNECTORS_DIR) with PUT /connectors/<name>/config, as ./fanout up does, so an edited
# file takes effect on the next `docker compose up`.
set -eu
connect_url="${KAFKA_CONNECT_URL:?KAFKA_CONNECT_URL (the Connect REST API) is required}"
connectors_dir="${CONNECTORS_DIR:-/etc/cdc-fanout/connect}"
applied=0
for file in "$connectors_dir"/*.json; do
  [ -e "$file" ] || break
  name="$(jq -er '.name | strings' "$file")" || { echo "$file: no \"name\" string (a connector file is {\"name\": …, \"config\": {…}})" >&2; exit 1; }
  jq -e '.config | objects' "$file" > /tmp/config.json || { echo "$file: no \"config\" object (a connector file is {\"name\": …, \"config\": {…}})" >&2; exit 1; }
  status="$(curl -sS -o /tmp/response -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    --data @/tmp/config.json "$connect_url/connectors/$name/config")"
  case "$status" in
    200|201) echo "$file: connector $name applied ($status)" ;;
    *) echo "$file: connector $name rejected ($status): $(cat /tmp/response)" >&2; exit 1 ;;
  esac
  applied=$((applied + 1))
done
[ "$applied" -gt 0 ] || { echo "no connector files (*.json) in $connectors_dir" >&2; exit 1; }
