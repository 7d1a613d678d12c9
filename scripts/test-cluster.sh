#!/usr/bin/env bash
# `npm run test:cluster [-- <vitest options>]`: the end-to-end and integration suites on a real
# 3-master Redis Cluster. Without PARLEY_TEST_REDIS_CLUSTER_NODES it uses the local cluster on
# 127.0.0.1:7000-7002, starting it (scripts/redis-cluster.sh) when nothing answers on 7000.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PARLEY_TEST_REDIS_CLUSTER_NODES:-}" ]; then
  if ! redis-cli -h 127.0.0.1 -p 7000 ping 2>/dev/null | grep -q PONG; then
    bash scripts/redis-cluster.sh start
  fi
  export PARLEY_TEST_REDIS_CLUSTER_NODES=127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002
fi
echo "Redis Cluster: $PARLEY_TEST_REDIS_CLUSTER_NODES"
exec npx vitest run tests/e2e tests/integration tests/cluster "$@"
