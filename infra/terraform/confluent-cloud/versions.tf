# Pinned: the provider's resource schemas change between releases (see docs/CONFLUENT_CLOUD.md).
# Works with Terraform and OpenTofu; CI only runs `fmt -check` (no provider download there).
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    confluent = {
      source  = "confluentinc/confluent"
      version = "2.72.0"
    }
  }
}

# Credentials come from the environment (CONFLUENT_CLOUD_API_KEY / CONFLUENT_CLOUD_API_SECRET)
# or from the sensitive variables below, never from a committed file.
provider "confluent" {
  cloud_api_key    = var.confluent_cloud_api_key
  cloud_api_secret = var.confluent_cloud_api_secret
}
