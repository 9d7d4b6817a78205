#!/usr/bin/env bash
# Benchmark: global search (GET /api/v1/search, every kind at once, five records each) on the generated database of
# 1,000,000 contacts, 200,000 companies, 100,000 leads and orders, 60,000 invoices, 50,000 deals and tickets: p50/p95/
# p99 of sequential requests from a second process, for fragments people type (a surname, its first four letters, an
# e-mail, a phone, a tax id, an invoice and a ticket number, a company's name, a miss), beside the same contact query
# timed inside PostgreSQL, and PostgreSQL's counters to prove that no search read a whole table.
# Run: bash bench/search.sh (KLIENT_BENCH_DB=another_copy to run on a copy of the generated database)
cd "$(dirname "$0")/.."
source bench/lib.sh
BENCH_DB=${KLIENT_BENCH_DB:-$BENCH_DB}
N=${BENCH_REQUESTS:-200}
pg_start
jar_build
db_generated
trap klient_stop EXIT
klient_start $BENCH_DB
q() { psql_bench -d $BENCH_DB -Atc "$1"; }
NAME=$(q "select lower(last_name) from contacts where id = 500000")
EMAIL=$(q "select split_part(emails[1], '@', 1) from contacts where id = 700001")
PHONE=$(q "select substr(phones[1], 4, 7) from contacts where id = 300003 and phones[1] like '+48%'")
PHONE=${PHONE:-6012345}
TAX=$(q "select tax_id from companies where country = 'PL' and tax_id is not null order by id offset 1000 limit 1")
COMPANY=$(q "select lower(split_part(name, ' ', 1)) from companies where id = 120000")
INVOICE=$(q "select number from invoices order by id offset 30000 limit 1")
TICKET=$(q "select number from tickets order by id offset 25000 limit 1")
enc() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
before=$(seq_scans)
api=$(http_bench latency "http://localhost:$KLIENT_PORT" "$TOKEN" "$N" \
    "/api/v1/search?q=$(enc "$NAME")" "/api/v1/search?q=$(enc "${NAME:0:4}")" \
    "/api/v1/search?q=$(enc "$EMAIL")" "/api/v1/search?q=$PHONE" "/api/v1/search?q=$TAX" \
    "/api/v1/search?q=$(enc "$INVOICE")" "/api/v1/search?q=$(enc "$TICKET")" \
    "/api/v1/search?q=$(enc "$COMPANY")" "/api/v1/search?q=qzxwvk")
page=$(http_bench latency "http://localhost:$KLIENT_PORT" "login:admin@klient.local:bench-password-1" "$N" \
    "/search?q=$(enc "$NAME")")
sleep 11 # PostgreSQL publishes a backend's counters within ten seconds
after=$(seq_scans)
scans=$(( ${after% *} - ${before% *} ))
read_rows=$(( ${after#* } - ${before#* } ))
# the anchor: the contact group's query alone, inside PostgreSQL (no network, no JSON), the same number of times
inside=$(for i in $(seq "$N"); do
    echo "explain analyze select x.id from (select * from contacts where search_text like '%$NAME%' limit 50) x
          order by lower(x.last_name), coalesce(lower(x.first_name), ''), x.id limit 6;"
done | psql_bench -d $BENCH_DB -At -c "set enable_seqscan = off" -f - | awk '/Execution Time/ {print $3}' | sort -n |
    awk -v q="$NAME" '{a[NR]=$1} END {printf "| the contact query alone, inside PostgreSQL (EXPLAIN ANALYZE), q=%s | %.1f | %.1f | %.1f | %.1f |\n",
        q, a[int(NR*.5)], a[int(NR*.95)], a[int(NR*.99)], a[NR]}')
header="| request | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|"
report "Global search on 1,000,000 contacts" \
"Every kind at once (companies, contacts, leads, deals, quotes, orders, invoices, tickets, products; five records
each), on the database of \`generate\` (200,000 companies, 1,000,000 contacts, 100,000 leads and orders, 60,000
invoices, 50,000 deals and tickets); Klient with -Xmx512m on the same machine; $N sequential requests per row after a
warm-up, each timed to its last byte by a second process (\`bench/search.sh\`). Sequential scans of contacts or
companies during all these requests (pg_stat_user_tables): $scans, reading $read_rows rows in all." \
"$header
$api
$page
$inside"
