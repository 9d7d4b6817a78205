#!/usr/bin/env bash
# Benchmark 6: the streaming CSV export of all 1,000,000 contacts from Klient running with -Xmx512m: time to the last
# byte, size, and the peak heap in use (the largest heap before any collection, from the JVM's GC log).
# Run: bash bench/export.sh
cd "$(dirname "$0")/.."
source bench/lib.sh
pg_start
jar_build
db_generated
trap klient_stop EXIT
klient_start $BENCH_DB

lines_before=$(wc -l < target/bench/gc.log)
result=$(curl -s -o target/bench/contacts.csv -w "%{http_code} %{time_total} %{size_download}" \
    -H "Authorization: Bearer $TOKEN" "http://localhost:$KLIENT_PORT/api/v1/contacts/export")
read -r status seconds bytes <<< "$result"
[ "$status" = 200 ] || { echo "export answered $status" >&2; exit 1; }
rows=$(($(wc -l < target/bench/contacts.csv) - 1))
peak=$(tail -n +"$((lines_before + 1))" target/bench/gc.log | grep -o '[0-9]*M->[0-9]*M' | cut -dM -f1 | sort -n | tail -1)
report "Streaming export of 1,000,000 contacts" \
"\`GET /api/v1/contacts/export\` (all contacts, by name, custom fields as columns) from Klient started with -Xmx512m;
the heap figure is the largest heap in use before a collection during the export (\`-Xlog:gc\`)." \
"| rows | MB | seconds | peak heap MB (of 512) |
|---|---|---|---|
| $(grouped "$rows") | $((bytes / 1048576)) | $seconds | ${peak:-below the first collection} |"
rm -f target/bench/contacts.csv
