#!/usr/bin/env bash
# Benchmark: the import wizard (upload, columns mapped from the headings, run by the background job in batches of
# 500 rows, each row checked, looked up by e-mail for duplicates and stored with what undo needs) on the generated
# contacts CSV, next to PostgreSQL's own COPY of the same file into a bare table. Run: bash bench/imports.sh
# (BENCH_ROWS=100000 by default; the one-request fast path has its own benchmark, bench/import.sh).
cd "$(dirname "$0")/.."
source bench/lib.sh
ROWS=${BENCH_ROWS:-100000}
pg_start
jar_build
mkdir -p target/bench
CSV=$PWD/target/bench/contacts-$ROWS.csv
[ -s "$CSV" ] || java -jar "$KLIENT_JAR" generate --csv "$CSV" --contacts "$ROWS"
chmod a+r "$CSV"
SIZE_MB=$(du -m "$CSV" | cut -f1)

db_create klient_imports
trap 'klient_stop; as_postgres psql -q -p "$PG_PORT" -c "drop database if exists klient_imports" || true' EXIT
klient_start klient_imports --klient.jobs.enabled=true --klient.imports.poll-every=PT0.2S
now() { date +%s.%N; }
api() { curl -s -H "Authorization: Bearer $TOKEN" "$@"; }
t0=$(now)
ID=$(api -H "Content-Type: text/csv" --data-binary @"$CSV" \
    "http://localhost:$KLIENT_PORT/api/v1/imports?kind=contacts&filename=contacts.csv" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["job"]["id"])')
t1=$(now)
api -X POST "http://localhost:$KLIENT_PORT/api/v1/imports/$ID/start" > /dev/null
while true; do
    STATE=$(api "http://localhost:$KLIENT_PORT/api/v1/imports/$ID" | python3 -c 'import json,sys; j=json.load(sys.stdin)["job"]; print(j["state"], j["created"], j["skipped"], j["refused"])')
    case "$STATE" in DONE*|FAILED*) break ;; esac
    sleep 0.5
done
t2=$(now)
klient_stop
read -r _ CREATED SKIPPED REFUSED <<< "$STATE"
UPLOAD_S=$(echo "$t1 - $t0" | bc -l)
RUN_S=$(psql_bench -d klient_imports -Atc "select extract(epoch from finished_at - started_at) from import_jobs where id = $ID")
WALL_S=$(echo "$t2 - $t0" | bc -l)

COLUMNS="first_name text, last_name text, email text, phone text, job_title text, company text, street text,
    city text, postal_code text, country text, language text, tags text, owner text, consent text"
COLS="first_name, last_name, email, phone, job_title, company, street, city, postal_code, country, language, tags, owner, consent"
psql_bench -d klient_imports -c "create table copy_bare ($COLUMNS)"
t0=$(now)
psql_bench -d klient_imports -c "\\copy copy_bare ($COLS) from '$CSV' with (format csv, header)"
t1=$(now)
COPY_S=$(echo "$t1 - $t0" | bc -l)

rate() { echo "$ROWS / $1" | bc -l | xargs printf "%.0f"; }
NOTE="File: $SIZE_MB MB of CSV written by \`generate --csv\`, sent whole over HTTP on loopback; Klient with -Xmx512m,
the import run by its background job (batches of 500 rows, each in one transaction with the line reached)."
TABLE=$(
    echo "| path | seconds | rows per second |"
    echo "|---|---|---|"
    printf "| Wizard: upload (\`POST /api/v1/imports\`: format, encoding and delimiter detected, every row counted) | %.1f | %s |\n" "$UPLOAD_S" "$(grouped "$(rate "$UPLOAD_S")")"
    printf "| Wizard: background run (%s created, %s skipped as duplicates, %s refused) | %.1f | %s |\n" \
        "$(grouped "$CREATED")" "$(grouped "$SKIPPED")" "$REFUSED" "$RUN_S" "$(grouped "$(rate "$RUN_S")")"
    printf "| Wizard: upload to done, as a person waits | %.1f | %s |\n" "$WALL_S" "$(grouped "$(rate "$WALL_S")")"
    printf "| PostgreSQL \`COPY\` into a bare table | %.1f | %s |\n" "$COPY_S" "$(grouped "$(rate "$COPY_S")")"
)
report "Import wizard: $(grouped "$ROWS") contacts" "$NOTE" "$TABLE"
