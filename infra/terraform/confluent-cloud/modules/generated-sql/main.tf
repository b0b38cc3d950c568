# Cuts the generated Confluent Cloud SQL (flink-jobs/generated/confluent-cloud, written by
# `flink-jobs/route generate` from routing-rules.yaml) into the statements Confluent Cloud runs one by
# one, and lists the tables they read, write and declare. No provider: FlinkStatementsIT evaluates this
# module with tofu/terraform and compares it with an independent SQL splitter.

variable "sql_dir" {
  description = "Directory of the generated connectors.sql and routing.sql for Confluent Cloud."
  type        = string
}

locals {
  connectors_sql = file("${var.sql_dir}/connectors.sql")
  routing_sql    = file("${var.sql_dir}/routing.sql")

  # A top-level statement starts at the beginning of a line and ends with ';' at the end of a line;
  # a statement set runs from EXECUTE STATEMENT SET to the line END;.
  statement_pattern = "(?ms)^(?:EXECUTE STATEMENT SET\\s+BEGIN\\s.*?^END;|(?:CREATE|INSERT|ALTER|DROP)\\b.*?;)$"

  generated_statements = concat(
    regexall(local.statement_pattern, local.connectors_sql),
    regexall(local.statement_pattern, local.routing_sql),
  )

  # Statement name: what it creates, or "routing" for the statement set.
  statements = {
    for s in local.generated_statements :
    replace(lower(startswith(s, "EXECUTE STATEMENT SET") ? "routing" : regex("^\\w+(?: TEMPORARY)? \\w+(?: IF NOT EXISTS)? `([^`]+)`", s)[0]), "_", "-") => s
  }

  declared_tables = flatten(regexall("(?m)^CREATE TABLE(?: IF NOT EXISTS)? `([^`]+)`", local.connectors_sql))
  sink_tables     = distinct(flatten(regexall("INSERT INTO `([^`]+)`", local.routing_sql)))
  source_tables = [
    for t in distinct(flatten(regexall("FROM `([^`]+)`", local.routing_sql))) : t
    if contains(local.declared_tables, t) && !contains(local.sink_tables, t)
  ]
}

output "statements" {
  description = "Every generated statement by name, in file order of the names' first appearance."
  value       = local.statements
}

output "ddl" {
  description = "The CREATE TABLE statements: deployed first."
  value       = { for name, s in local.statements : name => s if startswith(s, "CREATE TABLE") }
}

output "views" {
  description = "The CREATE VIEW statements: deployed once the tables they read exist."
  value       = { for name, s in local.statements : name => s if startswith(s, "CREATE VIEW") }
}

output "dml" {
  description = "Everything else (the routing STATEMENT SET): deployed after the DDL."
  value       = { for name, s in local.statements : name => s if !startswith(s, "CREATE") }
}

output "declared_tables" {
  description = "Topics the generated DDL declares tables for."
  value       = local.declared_tables
}

output "sink_tables" {
  description = "Topics the routing writes (every rule's outputTopic and the DLQ)."
  value       = local.sink_tables
}

output "source_tables" {
  description = "Topics the routing reads."
  value       = local.source_tables
}
