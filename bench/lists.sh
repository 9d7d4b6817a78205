#!/usr/bin/env bash
# Benchmarks 2 and 3: the contact list (API and page) with a filter and a sort, first page and page 10,000 (by cursor
# and by number), and quick search by name fragment, e-mail, phone and tax id on 1,000,000 contacts and 200,000
# companies: p50/p95/p99 of sequential requests from a second process, and PostgreSQL's own counters to prove that
# no request scanned a whole table. Generates the database on first use. Run: bash bench/lists.sh
cd "$(dirname "$0")/.."
source bench/lib.sh
N=${BENCH_REQUESTS:-200}
pg_start
jar_build
db_generated
trap klient_stop EXIT
klient_start $BENCH_DB
# the cursor of page 10,000 is the sort key of the 250,000th row: the one 9,999 clicks on "Next" arrive at
deep_cursor() {
    psql_bench -d $BENCH_DB -Atc "select 'name;' || length(a) || ':' || a || ';' || length(b) || ':' || b || ';'
        || length(i) || ':' || i || ';' from (select lower(last_name) a, coalesce(lower(first_name), '') b, id::text i
        from contacts where $1 order by lower(last_name), coalesce(lower(first_name), ''), id offset 249974 limit 1) k" |
        python3 -c 'import base64,sys; print(base64.urlsafe_b64encode(sys.stdin.read().strip().encode()).decode().rstrip("="))'
}
PL=$(deep_cursor "country = 'PL'")
ALL=$(deep_cursor "true")
# a name, an e-mail, a phone and a tax id that exist, taken from the data
NAME=$(psql_bench -d $BENCH_DB -Atc "select lower(last_name) from contacts where id = 500000")
EMAIL=$(psql_bench -d $BENCH_DB -Atc "select split_part(emails[1], '@', 1) from contacts where id = 700001")
PHONE=$(psql_bench -d $BENCH_DB -Atc "select substr(phones[1], 4, 7) from contacts where id = 300003 and phones[1] like '+48%'")
PHONE=${PHONE:-6012345}
TAX=$(psql_bench -d $BENCH_DB -Atc "select tax_id from companies where country = 'PL' and tax_id is not null order by id offset 1000 limit 1")
COMPANY=$(psql_bench -d $BENCH_DB -Atc "select lower(split_part(name, ' ', 1)) from companies where id = 120000")
enc() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
before=$(seq_scans)
lists=$(http_bench latency "http://localhost:$KLIENT_PORT" "$TOKEN" "$N" \
    "/api/v1/contacts?country=PL&sort=name" \
    "/api/v1/contacts?country=PL&sort=name&page=10000&after=$PL" \
    "/api/v1/contacts?sort=name&page=10000" \
    "/api/v1/contacts?sort=name&page=10000&after=$ALL" \
    "/api/v1/contacts?owner=$(psql_bench -d $BENCH_DB -Atc "select min(id) from users where role = 'SALES'")&sort=updatedAt,desc" \
    "/api/v1/companies?stage=CUSTOMER&country=CZ&sort=name")
pages=$(http_bench latency "http://localhost:$KLIENT_PORT" "login:admin@klient.local:bench-password-1" "$N" \
    "/contacts?country=PL&sort=name" "/contacts?country=PL&sort=name&page=10000&after=$PL")
search=$(http_bench latency "http://localhost:$KLIENT_PORT" "$TOKEN" "$N" \
    "/api/v1/contacts?q=$(enc "$NAME")" "/api/v1/contacts?q=$(enc "${NAME:0:4}")" \
    "/api/v1/contacts?q=$(enc "$EMAIL")" "/api/v1/contacts?q=$PHONE" \
    "/api/v1/companies?q=$(enc "$COMPANY")" "/api/v1/companies?q=$TAX" "/contacts/options?contactQ=$(enc "$NAME")")
sleep 11 # PostgreSQL publishes a backend's counters within ten seconds
after=$(seq_scans)
scans=$(( ${after% *} - ${before% *} ))
read_rows=$(( ${after#* } - ${before#* } ))
per_scan=$(( scans > 0 ? read_rows / scans : 0 ))
header="| request | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|"
report "Contact list and quick search on 1,000,000 contacts" \
"200,000 companies and 1,000,000 contacts from \`generate\`; Klient with -Xmx512m on the same machine; $N sequential
requests per row after a warm-up, each timed to its last byte by a second process (\`bench/lists.sh\`).
\`after=\` is the cursor of page 10,000 (the 250,000th row), \`page=10000\` alone skips 250,000 rows by number.
Sequential scans of contacts or companies during all these requests (pg_stat_user_tables): $scans, reading
$per_scan rows each on average (the capped counts, which stop at 1,001 matches); a scan of a whole table would
read 200,000 or 1,000,000." \
"$header
$lists
$pages
$search"
[ "$per_scan" -lt 100000 ] || { echo "a request scanned a whole table" >&2; exit 1; }
