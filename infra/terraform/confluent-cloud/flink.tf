# Confluent Cloud for Apache Flink: a compute pool and the routing statements.
# Every statement is cut out of the generated SQL (flink-jobs/generated/confluent-cloud) by the module
# generated-sql: never a hand copy. Confluent Cloud runs one statement per request, hence the cutting;
# FlinkStatementsTest and FlinkStatementsIT check that the statements below are exactly the generated ones.

module "generated_sql" {
  source  = "./modules/generated-sql"
  sql_dir = "${path.module}/../../../flink-jobs/generated/confluent-cloud"
}

locals {
  flink_ddl             = module.generated_sql.ddl
  flink_views           = module.generated_sql.views
  flink_dml             = module.generated_sql.dml
  flink_declared_tables = module.generated_sql.declared_tables
  flink_sink_tables     = module.generated_sql.sink_tables
  flink_source_tables   = module.generated_sql.source_tables

  flink_properties = {
    "sql.current-catalog"  = confluent_environment.main.display_name
    "sql.current-database" = confluent_kafka_cluster.main.display_name
  }
}

data "confluent_flink_region" "main" {
  cloud  = var.cloud
  region = var.region
}

resource "confluent_flink_compute_pool" "main" {
  display_name = "${var.name_prefix}-routing"
  cloud        = var.cloud
  region       = var.region
  max_cfu      = var.flink_max_cfu

  environment {
    id = confluent_environment.main.id
  }
}

resource "confluent_api_key" "admin_flink" {
  display_name = "${var.name_prefix}-admin-flink"
  description  = "Flink API key of ${var.name_prefix}-admin: deploys the routing statements"

  owner {
    id          = confluent_service_account.admin.id
    api_version = confluent_service_account.admin.api_version
    kind        = confluent_service_account.admin.kind
  }

  managed_resource {
    id          = data.confluent_flink_region.main.id
    api_version = data.confluent_flink_region.main.api_version
    kind        = data.confluent_flink_region.main.kind

    environment {
      id = confluent_environment.main.id
    }
  }

  depends_on = [
    confluent_role_binding.admin_flink_admin,
    confluent_role_binding.admin_assigner_routing,
  ]
}

# Tables first: each maps a topic created in main.tf.
resource "confluent_flink_statement" "ddl" {
  for_each = local.flink_ddl

  organization {
    id = data.confluent_organization.main.id
  }
  environment {
    id = confluent_environment.main.id
  }
  compute_pool {
    id = confluent_flink_compute_pool.main.id
  }
  principal {
    id = confluent_service_account.routing.id
  }

  statement_name = "${var.name_prefix}-ddl-${each.key}"
  statement      = each.value
  properties     = local.flink_properties

  rest_endpoint = data.confluent_flink_region.main.rest_endpoint
  credentials {
    key    = confluent_api_key.admin_flink.id
    secret = confluent_api_key.admin_flink.secret
  }

  depends_on = [
    confluent_kafka_topic.topic,
    confluent_role_binding.routing_flink_developer,
    confluent_role_binding.routing_topic,
  ]
}

# The views the routing reads: after the tables they select from.
resource "confluent_flink_statement" "view" {
  for_each = local.flink_views

  organization {
    id = data.confluent_organization.main.id
  }
  environment {
    id = confluent_environment.main.id
  }
  compute_pool {
    id = confluent_flink_compute_pool.main.id
  }
  principal {
    id = confluent_service_account.routing.id
  }

  statement_name = "${var.name_prefix}-view-${each.key}"
  statement      = each.value
  properties     = local.flink_properties

  rest_endpoint = data.confluent_flink_region.main.rest_endpoint
  credentials {
    key    = confluent_api_key.admin_flink.id
    secret = confluent_api_key.admin_flink.secret
  }

  depends_on = [confluent_flink_statement.ddl]
}

# The routing job: one long-running statement set that reads raw-business-events once.
resource "confluent_flink_statement" "routing" {
  for_each = local.flink_dml

  organization {
    id = data.confluent_organization.main.id
  }
  environment {
    id = confluent_environment.main.id
  }
  compute_pool {
    id = confluent_flink_compute_pool.main.id
  }
  principal {
    id = confluent_service_account.routing.id
  }

  statement_name = "${var.name_prefix}-${each.key}"
  statement      = each.value
  properties     = local.flink_properties
  stopped        = var.flink_statements_stopped

  rest_endpoint = data.confluent_flink_region.main.rest_endpoint
  credentials {
    key    = confluent_api_key.admin_flink.id
    secret = confluent_api_key.admin_flink.secret
  }

  depends_on = [confluent_flink_statement.ddl, confluent_flink_statement.view]
}
