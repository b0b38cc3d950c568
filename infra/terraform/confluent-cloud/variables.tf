variable "confluent_cloud_api_key" {
  description = "Cloud API key (organization scope) that Terraform acts with; null: taken from CONFLUENT_CLOUD_API_KEY."
  type        = string
  default     = null
  sensitive   = true
}

variable "confluent_cloud_api_secret" {
  description = "Secret of confluent_cloud_api_key; null: taken from CONFLUENT_CLOUD_API_SECRET."
  type        = string
  default     = null
  sensitive   = true
}

variable "name_prefix" {
  description = "Prefix of every display name and service account, so several deployments can share an organization."
  type        = string
  default     = "cdc-fanout"
}

variable "environment_name" {
  description = "Display name of the Confluent Cloud environment (the Flink catalog)."
  type        = string
  default     = "cdc-fanout"
}

variable "stream_governance_package" {
  description = "Stream Governance package of the environment; it brings the environment's Schema Registry."
  type        = string
  default     = "ESSENTIALS"
}

variable "cloud" {
  description = "Cloud of the Kafka cluster and the Flink compute pool (AWS, GCP or AZURE); both must be in the same region."
  type        = string
  default     = "AWS"
}

variable "region" {
  description = "Region of the Kafka cluster and the Flink compute pool; choose one close to the PostgreSQL database."
  type        = string
  default     = "eu-central-1"
}

variable "cluster_name" {
  description = "Display name of the Kafka cluster (the Flink database)."
  type        = string
  default     = "cdc-fanout"
}

variable "cluster_type" {
  description = "basic or standard."
  type        = string
  default     = "standard"

  validation {
    condition     = contains(["basic", "standard"], var.cluster_type)
    error_message = "cluster_type must be basic or standard."
  }
}

variable "cluster_availability" {
  description = "SINGLE_ZONE or MULTI_ZONE (standard clusters only)."
  type        = string
  default     = "SINGLE_ZONE"
}

variable "topics_file" {
  description = "The pipeline's topics (infra/kafka/topics.json, shared with the local stack): names, partitions, retention."
  type        = string
  default     = null
}

variable "partitions" {
  description = "Partitions of every topic unless topic_overrides says otherwise; null: as declared in topics_file."
  type        = number
  default     = null
}

variable "topic_overrides" {
  description = "Per-topic partitions and retention (ms; -1 keeps forever), by topic name."
  type = map(object({
    partitions   = optional(number)
    retention_ms = optional(number)
  }))
  default = {}
}

variable "dead_letter_retention_ms" {
  description = "Retention of the consumers' dead-letter topics (<topic>-dlq) and the connector's heartbeat topic."
  type        = number
  default     = 2592000000
}

variable "consumers" {
  description = <<-EOT
    One entry per consumer application: the filtered topic it reads, its consumer group (the SDK's
    default is quarkus.application.name) and its dead-letter topic (the SDK's default: <topic>-dlq).
    Each gets its own service account and API key with ACLs on exactly these three resources.
  EOT
  type = map(object({
    topic             = string
    group             = string
    dead_letter_topic = optional(string)
  }))
  default = {
    car-consumer = {
      topic = "filtered-car-created-events"
      group = "car-consumer"
    }
    loan-consumer = {
      topic = "filtered-loan-created-events"
      group = "loan-consumer"
    }
    loan-payment-consumer = {
      topic = "filtered-loan-payment-submitted-events"
      group = "loan-payment-consumer"
    }
    service-consumer = {
      topic = "filtered-service-events"
      group = "service-consumer"
    }
  }
}

variable "database_host" {
  description = "Host name of the PostgreSQL database holding public.outboxevent, reachable from Confluent Cloud."
  type        = string
}

variable "database_port" {
  description = "Port of the PostgreSQL database."
  type        = number
  default     = 5432
}

variable "database_name" {
  description = "Database with the producer API's schema."
  type        = string
  default     = "cdcfanout"
}

variable "database_user" {
  description = "Database user with the REPLICATION attribute and SELECT on public.outboxevent."
  type        = string
}

variable "database_password" {
  description = "Password of database_user; pass it as TF_VAR_database_password."
  type        = string
  sensitive   = true
}

variable "database_sslmode" {
  description = "sslmode of the connector's database connection: verify-full (the default) checks the server's certificate and host name; require only encrypts."
  type        = string
  default     = "verify-full"

  validation {
    condition     = contains(["verify-full", "verify-ca", "require"], var.database_sslmode)
    error_message = "database_sslmode must be verify-full, verify-ca or require: the connection carries the database password and every row."
  }
}

variable "connector_name" {
  description = "Name of the managed CDC source connector."
  type        = string
  default     = "cdc-fanout-outbox"
}

variable "replication_slot_name" {
  description = "Logical replication slot of the connector; one per connector, drop it when the connector is deleted."
  type        = string
  default     = "cdc_fanout_outbox"
}

variable "flink_max_cfu" {
  description = "Upper limit of the Flink compute pool in CFUs."
  type        = number
  default     = 10
}

variable "flink_statements_stopped" {
  description = "true stops the routing statement (e.g. during a maintenance window) without deleting it."
  type        = bool
  default     = false
}
