# Environment, Kafka cluster, Schema Registry and topics of cdc-fanout on Confluent Cloud.
# Who may do what is in service-accounts.tf, the CDC connector in connector.tf, the routing in flink.tf.

locals {
  topics_file = coalesce(var.topics_file, "${path.module}/../../kafka/topics.json")

  # The topics the local stack creates, with the same partitions and retention unless overridden here.
  topics_declaration = jsondecode(file(local.topics_file))
  declared_topics    = { for t in local.topics_declaration.topics : t.name => t }
  # The record limit of every stage: each topic's max.message.bytes, as under ./fanout up.
  record_max_bytes = local.topics_declaration.recordMaxBytes

  # The consumers with the SDK's default dead-letter topic filled in.
  consumers = {
    for name, c in var.consumers : name => {
      topic             = c.topic
      group             = c.group
      dead_letter_topic = coalesce(c.dead_letter_topic, "${c.topic}-dlq")
    }
  }

  # Consumers built on the SDK send one delivery receipt per handled event here (load-test/verify reads them).
  receipts_topic = "cdc-fanout-receipts"

  # Debezium writes heartbeats (heartbeat.interval.ms) to __debezium-heartbeat.<topic.prefix>.
  connector_topic_prefix = "cdc-fanout"
  heartbeat_topic        = "__debezium-heartbeat.${local.connector_topic_prefix}"

  topics = merge(
    {
      for name, t in local.declared_topics : name => {
        partitions   = coalesce(try(var.topic_overrides[name].partitions, null), var.partitions, t.partitions)
        retention_ms = coalesce(try(var.topic_overrides[name].retention_ms, null), tonumber(t.config["retention.ms"]))
      }
    },
    {
      for name, c in local.consumers : c.dead_letter_topic => {
        partitions   = coalesce(try(var.topic_overrides[c.dead_letter_topic].partitions, null), var.partitions, 3)
        retention_ms = coalesce(try(var.topic_overrides[c.dead_letter_topic].retention_ms, null), var.dead_letter_retention_ms)
      }
    },
    {
      (local.heartbeat_topic) = {
        partitions   = 1
        retention_ms = var.dead_letter_retention_ms
      }
    },
  )
}

data "confluent_organization" "main" {}

resource "confluent_environment" "main" {
  display_name = var.environment_name

  stream_governance {
    package = var.stream_governance_package
  }
}

resource "confluent_kafka_cluster" "main" {
  display_name = var.cluster_name
  availability = var.cluster_availability
  cloud        = var.cloud
  region       = var.region

  dynamic "basic" {
    for_each = var.cluster_type == "basic" ? [1] : []
    content {}
  }

  dynamic "standard" {
    for_each = var.cluster_type == "standard" ? [1] : []
    content {}
  }

  environment {
    id = confluent_environment.main.id
  }
}

# The environment's Schema Registry comes with its Stream Governance package (provider 2.x): read, not created.
# The pipeline's topics carry schemaless JSON; consumers need it only for topics of rules with outputFormat avro.
data "confluent_schema_registry_cluster" "main" {
  environment {
    id = confluent_environment.main.id
  }

  depends_on = [confluent_kafka_cluster.main]
}

# Terraform's own principal on the cluster: creates topics and ACLs, and owns the Flink API key.
resource "confluent_service_account" "admin" {
  display_name = "${var.name_prefix}-admin"
  description  = "cdc-fanout Terraform: manages topics, ACLs and Flink statements"
}

resource "confluent_role_binding" "admin_cluster_admin" {
  principal   = "User:${confluent_service_account.admin.id}"
  role_name   = "CloudClusterAdmin"
  crn_pattern = confluent_kafka_cluster.main.rbac_crn
}

resource "confluent_api_key" "admin_kafka" {
  display_name = "${var.name_prefix}-admin-kafka"
  description  = "Kafka API key of ${var.name_prefix}-admin"

  owner {
    id          = confluent_service_account.admin.id
    api_version = confluent_service_account.admin.api_version
    kind        = confluent_service_account.admin.kind
  }

  managed_resource {
    id          = confluent_kafka_cluster.main.id
    api_version = confluent_kafka_cluster.main.api_version
    kind        = confluent_kafka_cluster.main.kind

    environment {
      id = confluent_environment.main.id
    }
  }

  depends_on = [confluent_role_binding.admin_cluster_admin]
}

resource "confluent_kafka_topic" "topic" {
  for_each = local.topics

  kafka_cluster {
    id = confluent_kafka_cluster.main.id
  }

  topic_name       = each.key
  partitions_count = each.value.partitions
  config = {
    "cleanup.policy"    = "delete"
    "retention.ms"      = tostring(each.value.retention_ms)
    "max.message.bytes" = tostring(local.record_max_bytes)
  }

  rest_endpoint = confluent_kafka_cluster.main.rest_endpoint
  credentials {
    key    = confluent_api_key.admin_kafka.id
    secret = confluent_api_key.admin_kafka.secret
  }
}
