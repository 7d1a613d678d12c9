#!/usr/bin/env bash
# A throwaway 3-master Redis Cluster on loopback, for running Parley's suites on a real cluster:
#   scripts/redis-cluster.sh start    start it (does nothing if it is already up and ok)
#   scripts/redis-cluster.sh stop     shut the nodes down and remove their files
#   scripts/redis-cluster.sh status   exit 0 when every node reports cluster_state:ok
# Ports come from REDIS_CLUSTER_PORTS (default "7000 7001 7002"); nothing is persisted.
set -uo pipefail

read -r -a ports <<<"${REDIS_CLUSTER_PORTS:-7000 7001 7002}"
host=127.0.0.1
# One directory per set of ports, so nodes.conf files of an older cluster never come back.
dir="${TMPDIR:-/tmp}/parley-redis-cluster-${ports[0]}"

cluster_ok() {
  for port in "${ports[@]}"; do
    redis-cli -h "$host" -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

answers() { redis-cli -h "$host" -p "$1" ping 2>/dev/null | grep -q PONG; }

start() {
  if cluster_ok; then
    echo "Redis Cluster already running on ${ports[*]}"
    return 0
  fi
  for port in "${ports[@]}"; do
    answers "$port" || continue
    if ! redis-cli -h "$host" -p "$port" info cluster 2>/dev/null | grep -q '^cluster_enabled:1'; then
      echo "port $port is taken by a Redis that is not a cluster node; stop it or set REDIS_CLUSTER_PORTS" >&2
      return 1
    fi
    # A cluster node, but the cluster is not ok (half made, or a node restarted empty): starting
    # over from clean nodes is the only way to a known state. Its data is test data.
    redis-cli -h "$host" -p "$port" shutdown nosave >/dev/null 2>&1
    for _ in $(seq 1 50); do answers "$port" || break; sleep 0.1; done
  done
  rm -rf "$dir"
  mkdir -p "$dir"
  for port in "${ports[@]}"; do
    mkdir -p "$dir/$port"
    redis-server --port "$port" --bind "$host" --dir "$dir/$port" \
      --cluster-enabled yes --cluster-config-file "nodes-$port.conf" --cluster-node-timeout 5000 \
      --save "" --appendonly no --daemonize yes --logfile "$dir/$port/redis.log" --pidfile "$dir/$port/redis.pid" || return 1
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 50); do answers "$port" && break; sleep 0.1; done
    answers "$port" || { echo "node $port did not start (see $dir/$port/redis.log)" >&2; return 1; }
  done
  local nodes=()
  for port in "${ports[@]}"; do nodes+=("$host:$port"); done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$dir/create.log" 2>&1 || {
    cat "$dir/create.log" >&2
    return 1
  }
  # The nodes agree on the slot map over the cluster bus; wait until each says ok.
  for _ in $(seq 1 100); do
    if cluster_ok; then
      echo "Redis Cluster running on ${ports[*]}"
      return 0
    fi
    sleep 0.1
  done
  echo "Redis Cluster on ${ports[*]} did not reach cluster_state:ok" >&2
  return 1
}

stop() {
  for port in "${ports[@]}"; do
    answers "$port" && redis-cli -h "$host" -p "$port" shutdown nosave >/dev/null 2>&1
  done
  rm -rf "$dir"
  echo "Redis Cluster on ${ports[*]} stopped"
}

status() {
  if cluster_ok; then
    echo "Redis Cluster on ${ports[*]}: ok"
  else
    echo "Redis Cluster on ${ports[*]}: not running or not ok"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
