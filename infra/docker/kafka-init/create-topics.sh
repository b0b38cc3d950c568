#!/bin/sh
# One-shot service of docker-compose.yml: creates every topic of infra/kafka/topics.json (mounted at
# $TOPICS_FILE), as ./fanout up does. Topics that exist are left as they are, so it can run on every
# `docker compose up`.
set -eu
topics_file="${TOPICS_FILE:-/etc/cdc-fanout/topics.json}"
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS (host:port of the broker) is required}"
[ -r "$topics_file" ] || { echo "no topics file at $topics_file (mount infra/kafka/topics.json there)" >&2; exit 1; }

# One line a topic: name, partitions, then its configs as key=value, tab-separated, with the record
# limit of every stage (top-level recordMaxBytes) as its max.message.bytes, as ./fanout up does.
# Through a file, not a pipe, so a jq error (e.g. invalid JSON, no recordMaxBytes) fails the service.
jq -r '(if (.recordMaxBytes | type) == "number" then .recordMaxBytes else error("recordMaxBytes (the record limit, a number) is missing") end) as $limit
  | .topics[] | [.name, .partitions, (((.config // {}) + {"max.message.bytes": ($limit | tostring)}) | to_entries[] | "\(.key)=\(.value)")] | @tsv' \
  "$topics_file" > /tmp/topics.tsv
while IFS="$(printf '\t')" read -r name partitions configs; do
  set -- --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor 1
  # Config values of topics.json have no whitespace (numbers, policies): split on tabs.
  for config in $(printf '%s' "$configs" | tr '\t' ' '); do
    set -- "$@" --config "$config"
  done
  "${KAFKA_HOME:-/opt/kafka}/bin/kafka-topics.sh" "$@"
  echo "topic $name: ready"
done < /tmp/topics.tsv
