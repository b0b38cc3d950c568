# One service account per component, each allowed exactly what its component does.
#   connector  (producer side; producer-api itself only writes PostgreSQL and needs no Kafka access)
#              writes raw-business-events and its heartbeat topic                      — Kafka ACLs
#   routing    Flink statements: read raw-business-events, write the rules' topics + DLQ — RBAC (Flink has no ACLs)
#   consumers  each reads its filtered topic in its own group, writes its dead-letter topic and
#              the delivery receipts topic                                                  — Kafka ACLs

resource "confluent_service_account" "connector" {
  display_name = "${var.name_prefix}-connector"
  description  = "Managed PostgreSQL CDC source connector: writes raw-business-events"
}

locals {
  connector_acls = {
    describe-cluster = { resource_type = "CLUSTER", resource_name = "kafka-cluster", operation = "DESCRIBE" }
    write-raw-events = { resource_type = "TOPIC", resource_name = "raw-business-events", operation = "WRITE" }
    write-heartbeats = { resource_type = "TOPIC", resource_name = local.heartbeat_topic, operation = "WRITE" }
  }

  # Flattened "<consumer>/<what>" => one ACL. A consumer gets these four and nothing else
  # (READ and WRITE imply DESCRIBE); ConsumerAclsTest checks it.
  consumer_acls = merge([
    for name, c in local.consumers : {
      "${name}/read-topic"        = { consumer = name, resource_type = "TOPIC", resource_name = c.topic, operation = "READ" }
      "${name}/read-group"        = { consumer = name, resource_type = "GROUP", resource_name = c.group, operation = "READ" }
      "${name}/write-dead-letter" = { consumer = name, resource_type = "TOPIC", resource_name = c.dead_letter_topic, operation = "WRITE" }
      "${name}/write-receipts"    = { consumer = name, resource_type = "TOPIC", resource_name = local.receipts_topic, operation = "WRITE" }
    }
  ]...)
}

resource "confluent_kafka_acl" "connector" {
  for_each = local.connector_acls

  kafka_cluster {
    id = confluent_kafka_cluster.main.id
  }
  resource_type = each.value.resource_type
  resource_name = each.value.resource_name
  pattern_type  = "LITERAL"
  principal     = "User:${confluent_service_account.connector.id}"
  host          = "*"
  operation     = each.value.operation
  permission    = "ALLOW"

  rest_endpoint = confluent_kafka_cluster.main.rest_endpoint
  credentials {
    key    = confluent_api_key.admin_kafka.id
    secret = confluent_api_key.admin_kafka.secret
  }
}

resource "confluent_service_account" "consumer" {
  for_each = local.consumers

  display_name = "${var.name_prefix}-${each.key}"
  description  = "Consumer ${each.key}: reads ${each.value.topic} as group ${each.value.group}"
}

resource "confluent_api_key" "consumer" {
  for_each = local.consumers

  display_name = "${var.name_prefix}-${each.key}-kafka"
  description  = "Kafka API key of consumer ${each.key}"

  owner {
    id          = confluent_service_account.consumer[each.key].id
    api_version = confluent_service_account.consumer[each.key].api_version
    kind        = confluent_service_account.consumer[each.key].kind
  }

  managed_resource {
    id          = confluent_kafka_cluster.main.id
    api_version = confluent_kafka_cluster.main.api_version
    kind        = confluent_kafka_cluster.main.kind

    environment {
      id = confluent_environment.main.id
    }
  }
}

resource "confluent_kafka_acl" "consumer" {
  for_each = local.consumer_acls

  kafka_cluster {
    id = confluent_kafka_cluster.main.id
  }
  resource_type = each.value.resource_type
  resource_name = each.value.resource_name
  pattern_type  = "LITERAL"
  principal     = "User:${confluent_service_account.consumer[each.value.consumer].id}"
  host          = "*"
  operation     = each.value.operation
  permission    = "ALLOW"

  rest_endpoint = confluent_kafka_cluster.main.rest_endpoint
  credentials {
    key    = confluent_api_key.admin_kafka.id
    secret = confluent_api_key.admin_kafka.secret
  }

  depends_on = [confluent_kafka_topic.topic]
}

resource "confluent_service_account" "routing" {
  display_name = "${var.name_prefix}-routing"
  description  = "Principal of the Flink routing statements: reads raw-business-events, writes the routed topics"
}

locals {
  topic_crn = "${confluent_kafka_cluster.main.rbac_crn}/kafka=${confluent_kafka_cluster.main.id}/topic="

  # Role => topics, from the generated SQL (flink.tf): what the statements read, write and declare.
  routing_topic_roles = merge(
    { for t in local.flink_source_tables : "DeveloperRead/${t}" => { role = "DeveloperRead", topic = t } },
    { for t in local.flink_sink_tables : "DeveloperWrite/${t}" => { role = "DeveloperWrite", topic = t } },
    { for t in local.flink_declared_tables : "DeveloperManage/${t}" => { role = "DeveloperManage", topic = t } },
  )
}

# On the compute pool only, not the environment: the routing account runs its statements in this pool
# and cannot start statements anywhere else.
resource "confluent_role_binding" "routing_flink_developer" {
  principal   = "User:${confluent_service_account.routing.id}"
  role_name   = "FlinkDeveloper"
  crn_pattern = confluent_flink_compute_pool.main.resource_name
}

resource "confluent_role_binding" "routing_topic" {
  for_each = local.routing_topic_roles

  principal   = "User:${confluent_service_account.routing.id}"
  role_name   = each.value.role
  crn_pattern = "${local.topic_crn}${each.value.topic}"
}

# The admin deploys the statements and runs them as the routing service account.
resource "confluent_role_binding" "admin_flink_admin" {
  principal   = "User:${confluent_service_account.admin.id}"
  role_name   = "FlinkAdmin"
  crn_pattern = confluent_environment.main.resource_name
}

resource "confluent_role_binding" "admin_assigner_routing" {
  principal   = "User:${confluent_service_account.admin.id}"
  role_name   = "Assigner"
  crn_pattern = "${data.confluent_organization.main.resource_name}/service-account=${confluent_service_account.routing.id}"
}
