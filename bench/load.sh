#!/usr/bin/env bash
# Benchmark 4: HTTP load from a second process at a constant arrival rate (an open model, like wrk2: a request is due
# at its time whether or not the ones before it have answered, and its latency counts from then). For get-by-id,
# list and create: the highest rate held with zero errors (raised in steps), and p50/p99 at a fixed 1,000 requests
# per second. Generates the database on first use. Run: bash bench/load.sh
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_PER_STEP=${BENCH_STEP_SECONDS:-20}
pg_start
jar_build
db_generated
trap klient_stop EXIT
klient_start $BENCH_DB
base="http://localhost:$KLIENT_PORT"
# warm-up, not reported: until the JIT has compiled the request paths a fresh JVM serves a fraction of its rate
for kind in get create; do http_bench load "$base" "$TOKEN" 300 30 $kind > /dev/null; done
http_bench load "$base" "$TOKEN" 150 30 list > /dev/null
fixed=""
# between runs a pause, so that one run's backlog is not charged to the next; lists go last, as at 1,000/s they
# leave the server more than 20 s of work
drain() { sleep 20; }
drain
for kind in get create list; do
    fixed+=$(http_bench load "$base" "$TOKEN" 1000 "$SECONDS_PER_STEP" $kind)$'\n'
    drain
done
held=""
held+=$(http_bench max "$base" "$TOKEN" 1000 250 10 get)$'\n'
drain
held+=$(http_bench max "$base" "$TOKEN" 250 250 10 create)$'\n'
drain
held+=$(http_bench max "$base" "$TOKEN" 100 50 10 list)$'\n'
# the contacts the create runs made go again, so that the other benchmarks read the generated million
klient_stop
psql_bench -d $BENCH_DB -c "delete from contacts where first_name = 'Load' and emails[1] like 'load.%@bench.example'" \
    -c "vacuum analyze contacts" || echo "The contacts made by the create runs could not be removed" >&2
report "HTTP load at a constant arrival rate" \
"1,000,000 contacts; Klient with -Xmx512m, 10 database connections, 200 Tomcat threads; the load generator
(\`bench/java/.../HttpBench.java\`, 64 keep-alive connections, plain HTTP/1.1) on the same 2 cores, so it takes CPU
from the server; 30 s of each kind at 300/s (lists 150/s) first, to warm the JIT, not reported, and 20 s of rest
after each run, so that one run's backlog is not charged to the next.
get = \`GET /api/v1/contacts/{id}\` over ids spread across the million, list = \`GET /api/v1/contacts?country=PL&sort=name\`
pages 0–39, create = \`POST /api/v1/contacts\`. Each request with a bearer token." \
"At 1,000 requests per second for $SECONDS_PER_STEP s:

| kind | rate/s | requests | errors | achieved/s | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|---|---|---|---|
$fixed
The highest rate held (steps of 10 s; a step fails on one error, on falling 3 % behind, or on p99 over 1 s):

| kind | held/s | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|---|
$held"
