#!/usr/bin/env bash
# Exports and backups: every contact as CSV and as XLSX from Klient (-Xmx512m), beside PostgreSQL's own
# COPY ... TO STDOUT of the same rows; then `java -jar klient.jar backup` beside a bare pg_dump of the database.
# Run: BENCH_CONTACTS=100000 bash bench/exports.sh   (figures appended to $BENCH_OUT, default docs/benchmarks.md)
cd "$(dirname "$0")/.."
source bench/lib.sh
BENCH_DB=${BENCH_EXPORTS_DB:-klient_bench_exports}
KLIENT_PORT=${BENCH_EXPORTS_PORT:-8091}
OUT=${BENCH_OUT:-docs/benchmarks.md}
pg_start
jar_build
db_generated
trap klient_stop EXIT
klient_start $BENCH_DB
mkdir -p target/bench

# seconds and rows of one download
download() {
    local path=$1 file=$2
    local result status seconds bytes
    result=$(curl -s -o "$file" -w "%{http_code} %{time_total} %{size_download}" \
        -H "Authorization: Bearer $TOKEN" "http://localhost:$KLIENT_PORT$path")
    read -r status seconds bytes <<< "$result"
    [ "$status" = 200 ] || { echo "$path answered $status" >&2; exit 1; }
    echo "$seconds $bytes"
}
rate() { python3 -c "print(f'{$1 / $2:,.0f}')"; }

contacts=$(psql_bench -d $BENCH_DB -Atc "select count(*) from contacts")
read -r csv_s csv_b <<< "$(download /api/v1/contacts/export?format=csv target/bench/contacts.csv)"
read -r xlsx_s xlsx_b <<< "$(download /api/v1/contacts/export?format=xlsx target/bench/contacts.xlsx)"
read -r vcf_s vcf_b <<< "$(download /api/v1/contacts/export?format=vcard target/bench/contacts.vcf)"
csv_rows=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open('target/bench/contacts.csv', encoding='utf-8-sig'))) - 1)")
copy_start=$(date +%s.%N)
psql_bench -d $BENCH_DB -c "\\copy (select c.*, co.name from contacts c left join companies co on co.id = c.company_id
    order by lower(c.last_name), coalesce(lower(c.first_name), ''), c.id) to 'target/bench/copy.csv' with (format csv, header)"
copy_s=$(python3 -c "import time; print(round(time.time() - $copy_start, 2))")
copy_b=$(stat -c %s target/bench/copy.csv)
klient_stop
KLIENT_PID=

# the backup command against the same (external) database, then a bare pg_dump for comparison
rm -f target/bench/backup.zip target/bench/plain.dump
klient_env $BENCH_DB
backup_start=$(date +%s.%N)
java -jar "$KLIENT_JAR" backup target/bench/backup.zip > target/bench/backup.log
backup_s=$(python3 -c "import time; print(round(time.time() - $backup_start, 2))")
dump_start=$(date +%s.%N)
PGPASSWORD=$BENCH_PASSWORD pg_dump -h localhost -p "$PG_PORT" -U klient_bench --format=custom -f target/bench/plain.dump $BENCH_DB
dump_s=$(python3 -c "import time; print(round(time.time() - $dump_start, 2))")

{
    echo
    echo "## Exports and backups — $(date -u +%Y-%m-%d)"
    echo
    machine
    echo "Every one of $(grouped "$contacts") generated contacts through \`GET /api/v1/contacts/export\` from Klient"
    echo "started with -Xmx512m (the rows stream from a cursor; XLSX through POI's SXSSF, 100 rows in memory), beside"
    echo "\`\\copy (select ...) to\` of the same rows by psql on the same machine."
    echo
    echo "| what | rows | MB | seconds | rows/s |"
    echo "|---|---|---|---|---|"
    echo "| CSV (Klient) | $(grouped "$csv_rows") | $((csv_b / 1048576)) | $csv_s | $(rate "$csv_rows" "$csv_s") |"
    echo "| XLSX (Klient) | $(grouped "$contacts") | $((xlsx_b / 1048576)) | $xlsx_s | $(rate "$contacts" "$xlsx_s") |"
    echo "| vCard 4.0 (Klient) | $(grouped "$contacts") | $((vcf_b / 1048576)) | $vcf_s | $(rate "$contacts" "$vcf_s") |"
    echo "| COPY TO (PostgreSQL) | $(grouped "$contacts") | $((copy_b / 1048576)) | $copy_s | $(rate "$contacts" "$copy_s") |"
    echo
    echo "| backup | MB | seconds |"
    echo "|---|---|---|"
    echo "| \`java -jar klient.jar backup\` (dump + manifest of checksums) | $(($(stat -c %s target/bench/backup.zip) / 1048576)) | $backup_s |"
    echo "| bare \`pg_dump --format=custom\` | $(($(stat -c %s target/bench/plain.dump) / 1048576)) | $dump_s |"
} | tee -a "$OUT"
rm -f target/bench/contacts.csv target/bench/contacts.xlsx target/bench/contacts.vcf target/bench/copy.csv \
    target/bench/backup.zip target/bench/plain.dump
