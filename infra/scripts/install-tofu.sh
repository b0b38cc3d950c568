#!/usr/bin/env bash
# Makes a Terraform-compatible CLI available for `fmt -check` (infra/terraform): prints the path of
# `tofu` or `terraform` on PATH if there is one, else builds a pinned OpenTofu into a project-local
# bin dir (default infra/terraform/.bin, git-ignored) with the Go toolchain and prints its path.
#
#   infra/scripts/install-tofu.sh            # path of the binary on stdout, progress on stderr
#   TOFU_VERSION=v1.10.10 TOFU_BIN_DIR=... infra/scripts/install-tofu.sh
#
# Why not `go install github.com/opentofu/opentofu/cmd/tofu@VERSION`: OpenTofu's go.mod has a
# replace directive (its fork of hashicorp/hcl), which `go install pkg@version` refuses. So the
# module is fetched with `go mod download` from the Go module proxy and built as the main module,
# where the replace applies (version.dev=no: a release build, "OpenTofu vX.Y.Z", as the release binaries say). Takes a few minutes on 2 cores the first time; later runs reuse the binary.
set -euo pipefail

TOFU_VERSION="${TOFU_VERSION:-v1.10.10}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin_dir="${TOFU_BIN_DIR:-$root/infra/terraform/.bin}"
export TF_CLI_CONFIG_FILE="${TF_CLI_CONFIG_FILE:-/dev/null}" # `version` needs no CLI config; avoids a warning
log() { printf '[install-tofu] %s\n' "$*" >&2; }

for tool in tofu terraform; do
  if command -v "$tool" >/dev/null 2>&1; then
    log "using $(command -v "$tool") (on PATH)"
    command -v "$tool"
    exit 0
  fi
done

target="$bin_dir/tofu"
if [ -x "$target" ] && "$target" version 2>/dev/null | head -n 1 | grep -q "OpenTofu ${TOFU_VERSION}\$"; then
  log "using $target (OpenTofu $TOFU_VERSION, built before)"
  echo "$target"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  for candidate in /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [ -x "$candidate" ] && PATH="$(dirname "$candidate"):$PATH" && break
  done
fi
if ! command -v go >/dev/null 2>&1; then
  log "neither tofu nor terraform is on PATH, and no Go toolchain to build OpenTofu $TOFU_VERSION (apt-get install golang-go, Go >= 1.24)"
  exit 1
fi

log "building OpenTofu $TOFU_VERSION with $(go version | cut -d' ' -f3) into $bin_dir"
module_dir="$(go mod download -json "github.com/opentofu/opentofu@${TOFU_VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [ -z "$module_dir" ] || [ ! -d "$module_dir" ]; then
  log "could not download github.com/opentofu/opentofu@${TOFU_VERSION} from the Go module proxy"
  exit 1
fi
mkdir -p "$bin_dir"
# The module cache is read-only; building writes only the binary (and Go's build cache).
(cd "$module_dir" && go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$target.tmp" ./cmd/tofu)
mv "$target.tmp" "$target"
log "installed $("$target" version | head -n 1)"
echo "$target"
