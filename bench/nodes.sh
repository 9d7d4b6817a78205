#!/usr/bin/env bash
# Benchmark (issue 27): the same load on one node and on two nodes sharing the database, both behind HAProxy (so the
# proxy's own cost is in both), on the generated million-contact database: the highest rate held (no errors, p99
# under 1 s, within 3 % of the rate) for get-by-id and create, each after a warm-up, and the ratio two nodes / one.
# Both nodes run with the README's production settings (-Xmx512m, 10 connections); jobs off, as in load.sh, and the
# look-alike warning on create off (the generator's contacts are named "Load Test N" run after run).
# With NODES_PINNED=1 each node gets a core of its own (taskset: the first node core 0, the second core 1), so that
# the second node brings its own core as a second machine would; PostgreSQL and the load generator use both.
# Run: bash bench/nodes.sh   (NODES_PINNED=1 bash bench/nodes.sh)
cd "$(dirname "$0")/.."
source bench/lib.sh
NODE_B_PORT=8090
PIN_A=""
PIN_B=""
if [ "${NODES_PINNED:-0}" = 1 ]; then
    PIN_A="taskset -c 0"
    PIN_B="taskset -c 1"
fi
LB_PORT=8099
export KLIENT_DUPLICATES_CHECK_ON_CREATE=false
pg_start
jar_build
db_generated
command -v haproxy >/dev/null || as_root apt-get install -y -qq haproxy >/dev/null
mkdir -p target/bench
B_PID=""
LB_PID=""
stop_all() {
    [ -n "$LB_PID" ] && kill "$LB_PID" 2>/dev/null || true
    [ -n "$B_PID" ] && kill "$B_PID" 2>/dev/null || true
    klient_stop
}
trap stop_all EXIT

# HAProxy in front of the nodes on the given ports (restarted with each set)
balance() {
    [ -n "$LB_PID" ] && { kill "$LB_PID" 2>/dev/null || true; wait "$LB_PID" 2>/dev/null || true; }
    {
        printf 'global\n    maxconn 4000\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n'
        printf '    timeout server 60s\nfrontend klient\n    bind 127.0.0.1:%s\n    default_backend nodes\n' "$LB_PORT"
        printf 'backend nodes\n    balance roundrobin\n'
        for port in "$@"; do printf '    server n%s 127.0.0.1:%s\n' "$port" "$port"; done
    } > target/bench/haproxy.cfg
    haproxy -db -f target/bench/haproxy.cfg > target/bench/haproxy.log 2>&1 &
    LB_PID=$!
    until curl -sf "http://localhost:$LB_PORT/actuator/health" >/dev/null; do sleep 0.5; done
}

measure() {
    local base="http://localhost:$LB_PORT"
    # warm-up through the balancer, so every node behind it has compiled the paths
    http_bench load "$base" "$TOKEN" 300 30 get > /dev/null
    http_bench load "$base" "$TOKEN" 300 20 create > /dev/null
    sleep 15
    GET=$(http_bench max "$base" "$TOKEN" 500 250 10 get 2>>target/bench/nodes-steps.log | tail -1)
    sleep 20
    CREATE=$(http_bench max "$base" "$TOKEN" 100 100 10 create 2>>target/bench/nodes-steps.log | tail -1)
    sleep 20
}
held() { echo "$1" | awk -F'|' '{gsub(/ /, "", $3); print $3}'; }

: > target/bench/nodes-steps.log
if [ -n "$PIN_A" ]; then
    # the first node on core 0 only: klient_start's java, pinned after it started (its threads follow)
    klient_start $BENCH_DB
    taskset -a -p -c 0 "$KLIENT_PID" > /dev/null
else
    klient_start $BENCH_DB
fi
balance "$KLIENT_PORT"
echo "one node" >> target/bench/nodes-steps.log
measure
ONE_GET=$GET
ONE_CREATE=$CREATE

klient_env $BENCH_DB
SERVER_PORT=$NODE_B_PORT $PIN_B java -Xmx512m -jar "$KLIENT_JAR" --klient.jobs.enabled=false > target/bench-klient-b.log 2>&1 &
B_PID=$!
until curl -sf "http://localhost:$NODE_B_PORT/actuator/health" >/dev/null; do
    kill -0 $B_PID 2>/dev/null || { tail -30 target/bench-klient-b.log; exit 1; }
    sleep 1
done
balance "$KLIENT_PORT" "$NODE_B_PORT"
echo "two nodes" >> target/bench/nodes-steps.log
measure
TWO_GET=$GET
TWO_CREATE=$CREATE

stop_all
LB_PID=""
B_PID=""
psql_bench -d $BENCH_DB -c "delete from contacts where first_name = 'Load' and emails[1] like 'load.%@bench.example'" \
    -c "vacuum analyze contacts" || echo "The contacts made by the create runs could not be removed" >&2
ratio() { awk -v a="$(held "$1")" -v b="$(held "$2")" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }'; }
report "One node and two nodes on one database$([ -n "$PIN_A" ] && echo ', a core each')" \
"1,000,000 contacts; each node with -Xmx512m, 10 database connections, 200 Tomcat threads, jobs off, no look-alike
warning on create; HAProxy 2.6
(round robin, keep-alive) in front in both runs; the load generator (\`bench/java/.../HttpBench.java\`, 64 keep-alive
connections) on the same 2 cores as the nodes and PostgreSQL$([ -n "$PIN_A" ] && echo '; each node pinned to a core of its own
(taskset), as a second machine would bring one'). The highest rate held: steps of 10 s, a step fails on
one error, on falling 3 % behind, or on p99 over 1 s; warm-up through the balancer first." \
"| nodes | kind | held/s | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|---|---|
| 1 $ONE_GET
| 1 $ONE_CREATE
| 2 $TWO_GET
| 2 $TWO_CREATE

Two nodes / one: get $(ratio "$ONE_GET" "$TWO_GET")×, create $(ratio "$ONE_CREATE" "$TWO_CREATE")× (the steps are in
target/bench/nodes-steps.log)."
