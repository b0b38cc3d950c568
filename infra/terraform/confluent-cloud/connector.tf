# The managed PostgreSQL CDC Source V2 (Debezium) connector, configured like infra/connect/outbox-connector.json:
# rows inserted into public.outboxevent become records on raw-business-events, key = aggregateid,
# value = the event JSON, headers id / eventId / eventType. Differences from the self-managed file,
# and why, are listed in docs/CONFLUENT_CLOUD.md ("Connector: what differs").

resource "confluent_connector" "outbox" {
  environment {
    id = confluent_environment.main.id
  }
  kafka_cluster {
    id = confluent_kafka_cluster.main.id
  }

  config_sensitive = {
    "database.password" = var.database_password
  }

  config_nonsensitive = {
    "connector.class"          = "PostgresCdcSourceV2"
    "name"                     = var.connector_name
    "kafka.auth.mode"          = "SERVICE_ACCOUNT"
    "kafka.service.account.id" = confluent_service_account.connector.id
    "tasks.max"                = "1"

    "database.hostname" = var.database_host
    "database.port"     = tostring(var.database_port)
    "database.user"     = var.database_user
    "database.dbname"   = var.database_name
    "database.sslmode"  = var.database_sslmode

    "topic.prefix"                = local.connector_topic_prefix
    "slot.name"                   = var.replication_slot_name
    "publication.name"            = var.replication_slot_name
    "publication.autocreate.mode" = "filtered"
    "table.include.list"          = "public.outboxevent"
    "snapshot.mode"               = "no_data"
    "heartbeat.interval.ms"       = "10000"
    "tombstones.on.delete"        = "false"
    "decimal.handling.mode"       = "string"

    # The outbox EventRouter needs the full Debezium envelope, not only the after state.
    "after.state.only"   = "false"
    "output.key.format"  = "STRING"
    "output.data.format" = "JSON"

    "transforms"                                          = "outbox"
    "transforms.outbox.type"                              = "io.debezium.transforms.outbox.EventRouter"
    "transforms.outbox.route.topic.replacement"           = "raw-business-events"
    "transforms.outbox.table.field.event.key"             = "aggregateid"
    "transforms.outbox.table.fields.additional.placement" = "eventid:header:eventId,type:header:eventType,traceparent:header:traceparent"
    # Schemaless JSON would write the jsonb text as a quoted JSON string; expanded, it is the event object.
    "transforms.outbox.table.expand.json.payload" = "true"
  }

  depends_on = [
    confluent_kafka_acl.connector,
    confluent_kafka_topic.topic,
  ]
}
