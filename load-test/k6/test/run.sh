#!/bin/sh
# Tests the k6 scripts with Node: node --test runs test/*.test.mjs (the plain lib modules, node --check
# of every script, and both scripts end to end under a k6 stand-in). Maven runs this in the test phase
# (pom.xml). Without Node 20.6 or newer (module.register, which the stand-in needs) the tests are
# skipped, unless CI=true: there they must run.
set -eu
cd "$(dirname "$0")/.."
found=none
if command -v node >/dev/null 2>&1; then
  found=$(node --version)
  usable=$(node -p 'const [major, minor] = process.versions.node.split(".").map(Number); major > 20 || (major === 20 && minor >= 6)')
else
  usable=false
fi
if [ "$usable" != true ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "k6-scripts: CI=true requires Node.js 20.6 or newer to test the k6 scripts, found: $found" >&2
    exit 1
  fi
  echo "k6-scripts: tests SKIPPED, they need Node.js 20.6 or newer (found: $found)"
  exit 0
fi
exec node --test --test-reporter=spec test/*.test.mjs
