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
fixed=""
for kind in get list create; do
    fixed+=$(http_bench load "$base" "$TOKEN" 1000 "$SECONDS_PER_STEP" $kind)$'\n'
done
held=""
held+=$(http_bench max "$base" "$TOKEN" 1500 500 10 get)$'\n'
held+=$(http_bench max "$base" "$TOKEN" 250 250 10 list)$'\n'
held+=$(http_bench max "$base" "$TOKEN" 250 250 10 create)$'\n'
report "HTTP load at a constant arrival rate" \
"1,000,000 contacts; Klient with -Xmx512m, 10 database connections, 200 Tomcat threads; the load generator
(\`bench/java/.../HttpBench.java\`, JDK HttpClient, 4 threads) on the same 2 cores, so it takes CPU from the server.
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
