#!/bin/sh
# The production install: dependencies from the lock file, compile, drop the dev dependencies.
# docs/deploy.md documents exactly these steps, the Dockerfile runs this script, and
# test/deploy/production-install.test.ts runs it in a temporary copy of the repository.
# Afterwards: node dist/main.js
set -eu
cd "$(dirname "$0")/.."

# The test sets PARLEY_REUSE_NODE_MODULES=1: it has no network, so it copies an installed
# node_modules made from the same lock file instead of running npm ci.
if [ "${PARLEY_REUSE_NODE_MODULES:-}" != "1" ]; then
  npm ci --no-audit --no-fund
fi
npm run build
npm prune --omit=dev --no-audit --no-fund
