#!/usr/bin/env bash
# Benchmark 1: CSV import of 1,000,000 contacts through Klient's own import path (POST /api/v1/contacts/import:
# every row checked, phones normalized, duplicates looked for, companies matched or created), next to PostgreSQL's
# own COPY of the same file into a table with the same kind of indexes (the fair limit) and into a bare table.
# Prints the figures and appends them with the machine to docs/benchmarks.md. Run: bash bench/import.sh
cd "$(dirname "$0")/.."
source bench/lib.sh
ROWS=${BENCH_ROWS:-1000000}
pg_start
jar_build
mkdir -p target/bench
CSV=$PWD/target/bench/contacts-$ROWS.csv
[ -s "$CSV" ] || java -jar "$KLIENT_JAR" generate --csv "$CSV" --contacts "$ROWS"
chmod a+r "$CSV"
SIZE_MB=$(du -m "$CSV" | cut -f1)

db_create klient_import
trap 'klient_stop; as_postgres psql -q -p "$PG_PORT" -c "drop database if exists klient_import" || true' EXIT
klient_start klient_import
now() { date +%s.%N; }
t0=$(now)
curl -s -o target/bench/import-result.json -w "%{http_code}" -H "Authorization: Bearer $TOKEN" \
    -H "Content-Type: text/csv" --data-binary @"$CSV" "http://localhost:$KLIENT_PORT/api/v1/contacts/import" \
    > target/bench/import-status
t1=$(now)
klient_stop
[ "$(cat target/bench/import-status)" = 200 ] || { cat target/bench/import-result.json; exit 1; }
IMPORTED=$(python3 -c 'import json; r=json.load(open("target/bench/import-result.json")); print(r["imported"])')
INVALID=$(python3 -c 'import json; r=json.load(open("target/bench/import-result.json")); print(r["invalid"])')
COMPANIES=$(python3 -c 'import json; r=json.load(open("target/bench/import-result.json")); print(r["companiesCreated"])')
KLIENT_S=$(echo "$t1 - $t0" | bc -l)

# the same file with PostgreSQL's COPY: into a bare table, and into one indexed like contacts
COLUMNS="first_name text, last_name text, email text, phone text, job_title text, company text, street text,
    city text, postal_code text, country text, language text, tags text, owner text, consent text"
psql_bench -d klient_import -c "create extension if not exists pg_trgm" \
    -c "create table copy_bare ($COLUMNS)" \
    -c "create table copy_indexed (id bigint generated always as identity primary key, $COLUMNS,
          custom_fields jsonb not null default '{}', created_at timestamptz not null default now(),
          updated_at timestamptz not null default now())" \
    -c "create index on copy_indexed (lower(last_name), lower(first_name), id)" \
    -c "create index on copy_indexed (company, lower(last_name))" \
    -c "create index on copy_indexed (owner, lower(last_name))" \
    -c "create index on copy_indexed (created_at desc, id desc)" \
    -c "create index on copy_indexed (updated_at desc, id desc)" \
    -c "create index on copy_indexed using gin (custom_fields jsonb_path_ops)" \
    -c "create index on copy_indexed using gin (string_to_array(tags, ';'))" \
    -c "create index on copy_indexed using gin ((array[email]))" \
    -c "create index on copy_indexed using gin ((array[phone]))" \
    -c "create index on copy_indexed using gin (lower(first_name || ' ' || last_name || ' ' || coalesce(email, '')
          || ' ' || coalesce(job_title, '') || ' ' || coalesce(city, '') || ' ' || coalesce(phone, '')) gin_trgm_ops)" \
    -c "create index on copy_indexed (lower(city))"
COLS="first_name, last_name, email, phone, job_title, company, street, city, postal_code, country, language, tags, owner, consent"
t0=$(now)
psql_bench -d klient_import -c "\\copy copy_bare ($COLS) from '$CSV' with (format csv, header)"
t1=$(now)
psql_bench -d klient_import -c "\\copy copy_indexed ($COLS) from '$CSV' with (format csv, header)"
t2=$(now)
BARE_S=$(echo "$t1 - $t0" | bc -l)
INDEXED_S=$(echo "$t2 - $t1" | bc -l)

rate() { echo "$ROWS / $1" | bc -l | xargs printf "%.0f"; }
KLIENT_RATE=$(rate "$KLIENT_S"); BARE_RATE=$(rate "$BARE_S"); INDEXED_RATE=$(rate "$INDEXED_S")
RATIO=$(echo "$KLIENT_RATE / $INDEXED_RATE" | bc -l | xargs printf "%.2f")
NOTE="File: $SIZE_MB MB of CSV written by \`generate --csv\` (60 % Polish, 30 % Czech, 10 % English people; four in
five with one of $(grouped $((ROWS / 5))) companies), sent whole over HTTP on loopback; Klient with -Xmx512m."
TABLE=$(
    echo "| path | seconds | rows per second |"
    echo "|---|---|---|"
    printf "| Klient: \`POST /api/v1/contacts/import\` (checked, phones to E.164, duplicates, %s companies created, %s contacts stored, %s refused) | %.1f | %s |\n" \
        "$(grouped "$COMPANIES")" "$(grouped "$IMPORTED")" "$INVALID" "$KLIENT_S" "$(grouped "$KLIENT_RATE")"
    printf "| PostgreSQL \`COPY\` into a table indexed like contacts (12 indexes incl. trigram and 4 GIN) | %.1f | %s |\n" "$INDEXED_S" "$(grouped "$INDEXED_RATE")"
    printf "| PostgreSQL \`COPY\` into a bare table | %.1f | %s |\n" "$BARE_S" "$(grouped "$BARE_RATE")"
    echo
    echo "Klient's import runs at **$RATIO×** the indexed \`COPY\` (target: at least 0.5× and 22,000 rows/s). Its own steps:"
    echo
    grep -o 'Import: .*' target/bench-klient.log | sed 's/^/- /'
)
report "Import of $(grouped "$ROWS") contacts" "$NOTE" "$TABLE"
