#!/bin/sh
# Tests the k6 scripts with Node: node --test runs test/*.test.mjs (the pure lib, and node --check of
# every script). Maven runs this in the test phase (pom.xml). Without Node it skips, unless CI=true.
set -eu
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "k6-scripts: node not found, and CI=true requires it to test the k6 scripts (install Node.js 20 or newer)" >&2
    exit 1
  fi
  echo "k6-scripts: tests SKIPPED, node not found (install Node.js 20 or newer to test the k6 scripts)"
  exit 0
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "k6-scripts: the tests need Node.js 20 or newer, found $(node --version)" >&2
  exit 1
fi
exec node --test --test-reporter=spec test/*.test.mjs
