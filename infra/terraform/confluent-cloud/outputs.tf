output "environment_id" {
  description = "Confluent Cloud environment."
  value       = confluent_environment.main.id
}

output "kafka_cluster_id" {
  description = "Kafka cluster."
  value       = confluent_kafka_cluster.main.id
}

output "kafka_bootstrap_servers" {
  description = "KAFKA_BOOTSTRAP_SERVERS for the consumers (without the SASL_SSL:// scheme)."
  value       = replace(confluent_kafka_cluster.main.bootstrap_endpoint, "SASL_SSL://", "")
}

output "schema_registry_url" {
  description = "Schema Registry REST endpoint (SCHEMA_REGISTRY_URL)."
  value       = data.confluent_schema_registry_cluster.main.rest_endpoint
}

output "topics" {
  description = "Every topic with its partitions and retention."
  value       = local.topics
}

output "connector_id" {
  description = "The managed CDC source connector."
  value       = confluent_connector.outbox.id
}

output "flink_compute_pool_id" {
  description = "Flink compute pool running the routing statements."
  value       = confluent_flink_compute_pool.main.id
}

output "flink_statements" {
  description = "Names of the deployed Flink statements, in deployment order (tables, views, then routing)."
  value = concat(
    [for s in confluent_flink_statement.ddl : s.statement_name],
    [for s in confluent_flink_statement.view : s.statement_name],
    [for s in confluent_flink_statement.routing : s.statement_name],
  )
}

output "consumer_settings" {
  description = "Per consumer: topic, group, dead-letter topic and the API key id (the secret is in consumer_api_secrets)."
  value = {
    for name, c in local.consumers : name => merge(c, { api_key = confluent_api_key.consumer[name].id })
  }
}

output "consumer_api_secrets" {
  description = "Per consumer: the API secret (terraform output -json consumer_api_secrets); hand it to the consumer's secret store."
  value       = { for name, key in confluent_api_key.consumer : name => key.secret }
  sensitive   = true
}
