#!/bin/sh
# Tests the k6 scripts with Node: node --test runs test/*.test.mjs (the plain lib modules, node --check
# of every script, and both scripts end to end under a k6 stand-in). Maven runs this in the test phase (pom.xml). Without Node it skips, unless CI=true.
set -eu
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "k6-scripts: node not found, and CI=true requires it to test the k6 scripts (install Node.js 20.6 or newer)" >&2
    exit 1
  fi
  echo "k6-scripts: tests SKIPPED, node not found (install Node.js 20.6 or newer to test the k6 scripts)"
  exit 0
fi
# 20.6: module.register, which the k6 stand-in (test/k6-harness.mjs) needs.
if [ "$(node -p 'const [major, minor] = process.versions.node.split(".").map(Number); major > 20 || (major === 20 && minor >= 6)')" != true ]; then
  echo "k6-scripts: the tests need Node.js 20.6 or newer, found $(node --version)" >&2
  exit 1
fi
exec node --test --test-reporter=spec test/*.test.mjs
