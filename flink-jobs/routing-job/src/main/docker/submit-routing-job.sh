#!/bin/bash
# One-shot service of docker-compose.yml: submits the routing job to the Flink session cluster at
# $FLINK_JOBMANAGER (host:port of its REST API), detached, unless the cluster runs it already: a
# second `docker compose up` must not start a second job, which would route every event twice.
# The job resumes from its consumer group's offsets, so a resubmission (e.g. after the jobmanager
# restarted and lost its jobs) continues where the last job stopped.
set -euo pipefail
jobmanager="${FLINK_JOBMANAGER:?FLINK_JOBMANAGER (host:port of the Flink REST API) is required}"
bootstrap_servers="${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is required}"
schema_registry_url="${SCHEMA_REGISTRY_URL:?SCHEMA_REGISTRY_URL (Confluent API of the registry) is required}"
job_name=cdc-fanout-routing
job_jar="${ROUTING_JOB_JAR:-/opt/flink/usrlib/routing-job.jar}"

# /jobs/overview lists each job as {"jid":…,"name":…,"start-time":…,…,"state":…,"tasks":{…}}.
overview="$(curl -fsS "http://$jobmanager/jobs/overview")"
if grep -Eq "\"name\":\"$job_name\"[^{}]*\"state\":\"(CREATED|INITIALIZING|RUNNING|RESTARTING)\"" <<<"$overview"; then
  echo "$job_name already runs on $jobmanager: not submitted again"
  exit 0
fi
exec "${FLINK_HOME:-/opt/flink}/bin/flink" run --detached --jobmanager "$jobmanager" "$job_jar" \
  --bootstrap-servers "$bootstrap_servers" --schema-registry-url "$schema_registry_url"
