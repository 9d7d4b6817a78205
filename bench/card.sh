#!/usr/bin/env bash
# Benchmark 5: the customer card of the company with the longest history (over 5,000 timeline entries), as a
# salesperson opens it: the page (with its contacts, deals, documents and the first timeline entries) and the
# timeline's API. Server time as seen from a second process on loopback. Run: bash bench/card.sh
cd "$(dirname "$0")/.."
source bench/lib.sh
N=${BENCH_REQUESTS:-100}
pg_start
jar_build
db_generated
trap klient_stop EXIT
klient_start $BENCH_DB
whale=$(psql_bench -d $BENCH_DB -Atc "select company_id from timeline_entries where company_id is not null group by company_id order by count(*) desc limit 1")
entries=$(psql_bench -d $BENCH_DB -Atc "select count(*) from timeline_entries where company_id = $whale")
page=$(http_bench latency "http://localhost:$KLIENT_PORT" "login:admin@klient.local:bench-password-1" "$N" \
    "/companies/$whale" "/companies/$whale/timeline")
api=$(http_bench latency "http://localhost:$KLIENT_PORT" "$TOKEN" "$N" "/api/v1/companies/$whale" \
    "/api/v1/companies/$whale/timeline")
report "Customer card with $(grouped "$entries") timeline entries" \
"Company $whale of the generated database; $N sequential requests each after a warm-up (\`bench/card.sh\`)." \
"| request | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|
$page
$api"
