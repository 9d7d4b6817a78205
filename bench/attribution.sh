#!/usr/bin/env bash
# Attribution: an ad-cost export of 100,000 rows (1,000 keywords × 100 days, Google Ads-like CSV) imported through
# POST /api/v1/marketing/ad-costs/import (every row checked, all or nothing), then the keyword report over those
# 100 days with 200,000 leads carrying the keywords as utm_term, read a page at a time (GET /api/v1/marketing/keywords).
# Prints the figures and appends them with the machine to docs/benchmarks.md. Run: bash bench/attribution.sh
cd "$(dirname "$0")/.."
source bench/lib.sh
# a port of its own: other benchmarks may hold lib.sh's
KLIENT_PORT=${BENCH_PORT:-8097}
KEYWORDS=${BENCH_KEYWORDS:-1000}
DAYS=${BENCH_DAYS:-100}
LEADS=${BENCH_LEADS:-200000}
DB=klient_attribution
pg_start
jar_build
mkdir -p target/bench
CSV=$PWD/target/bench/ad-costs-$KEYWORDS-$DAYS.csv
python3 - "$CSV" "$KEYWORDS" "$DAYS" <<'PY'
import sys, datetime, random
path, keywords, days = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
start = datetime.date.today() - datetime.timedelta(days=days)
with open(path, "w") as f:
    f.write("Keyword report\n\"Last %d days\"\nDay,Keyword,Campaign,Currency code,Cost,Clicks,Impr.\n" % days)
    for d in range(days):
        day = start + datetime.timedelta(days=d)
        for k in range(keywords):
            f.write('%s,keyword %d,Search %d,PLN,"%s",%d,"%s"\n' % (day, k, k % 20,
                    format(random.randint(100, 500000) / 100, ",.2f"), random.randint(0, 90),
                    format(random.randint(100, 9000), ",")))
    f.write("Total: Account,,,,,,\n")
PY
ROWS=$((KEYWORDS * DAYS))

db_create $DB
trap 'klient_stop; as_postgres psql -q -p "$PG_PORT" -c "drop database if exists '$DB'" || true' EXIT
klient_start $DB
# leads that came with the keywords, spread over the period (what web forms would have stored)
psql_bench -d $DB -c "insert into leads (last_name, source, utm_source, utm_medium, utm_term, created_at)
    select 'Lead ' || g, 'WEB_FORM', 'google', 'cpc', 'keyword ' || (g % $KEYWORDS),
           now() - (g % $DAYS) * interval '1 day' from generate_series(1, $LEADS) g" -c "analyze leads"
now() { date +%s.%N; }
t0=$(now)
curl -s -o target/bench/ad-costs-result.json -w "%{http_code}" -H "Authorization: Bearer $TOKEN" \
    -H "Content-Type: text/csv" --data-binary @"$CSV" "http://localhost:$KLIENT_PORT/api/v1/marketing/ad-costs/import" \
    > target/bench/ad-costs-status
t1=$(now)
[ "$(cat target/bench/ad-costs-status)" = 201 ] || { cat target/bench/ad-costs-result.json; exit 1; }
IMPORT_S=$(echo "$t1 - $t0" | bc -l)
FROM=$(date -u -d "-$DAYS days" +%F)
TO=$(date -u +%F)
# the keyword report: first request, then 20 more, each sorted by cost (the whole period is computed each time)
times=()
for i in $(seq 1 21); do
    a=$(now)
    code=$(curl -s -o target/bench/keywords.json -w "%{http_code}" -H "Authorization: Bearer $TOKEN" \
        "http://localhost:$KLIENT_PORT/api/v1/marketing/keywords?from=$FROM&to=$TO&size=50&page=$((i % 5))")
    b=$(now)
    [ "$code" = 200 ] || { cat target/bench/keywords.json; exit 1; }
    times+=("$(echo "($b - $a) * 1000" | bc -l)")
done
klient_stop
MEDIAN=$(printf '%s\n' "${times[@]:1}" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]}')
WORST=$(printf '%s\n' "${times[@]:1}" | sort -n | tail -1 | xargs printf "%.0f")
report "Attribution: ad-cost import and keyword report" \
    "$(grouped $ROWS) cost rows ($KEYWORDS keywords × $DAYS days, $(du -m "$CSV" | cut -f1) MB CSV) and $(grouped $LEADS) leads with utm_term." \
    "| measure | figure |
|---|---|
| import of the CSV (checked row by row, one transaction) | $(printf '%.1f' "$IMPORT_S") s ($(echo "$ROWS / $IMPORT_S" | bc) rows/s) |
| keyword report, whole period, a page of 50 (median of 20) | ${MEDIAN} ms |
| keyword report, worst of 20 | ${WORST} ms |"
