#!/usr/bin/env bash
# Analytics on the generated database (1,000,000 contacts, 200,000 companies, 50,000 deals, 100,000 orders, 60,000
# invoices, 1,000,000 activities, 50,000 tickets over three years; made once by `generate` and reused): over HTTP,
#  - every role's default dashboard page (/analytics, each tile computed with its trend): target p95 < 500 ms;
#  - every KPI alone over the API (/api/v1/analytics/kpis/{id}, this year with the trend by month and the two
#    comparisons, as the administrator sees the company): target p95 < 200 ms;
#  - a saved report grouping a million rows by two dimensions (activities by owner × month; contacts by country ×
#    month created): target < 2 s;
#  - the XLSX export of 1,000,000 rows (all contacts, five columns) from Klient started with -Xmx512m: target < 60 s,
#    with the largest heap in use during it (from the GC log).
# The salesperson and the support agent are the generator's; a manager (of the first sales team), a marketer and a
# read-only user are added, all signing in with the administrator's password. Figures go to target/bench/analytics.md.
# Run: bash bench/analytics.sh   (BENCH_REQUESTS=n requests per row, default 20; BENCH_PORT, default 8095;
# BENCH_ONLY=reports measures the two reports alone)
cd "$(dirname "$0")/.."
source bench/lib.sh
# a port of its own: other benchmarks may hold lib.sh's
KLIENT_PORT=${BENCH_PORT:-8095}
N=${BENCH_REQUESTS:-20}
ONLY=${BENCH_ONLY:-}
BASE="http://localhost:$KLIENT_PORT"
PASSWORD=bench-password-1
pg_start
jar_build
db_generated
trap klient_stop EXIT
klient_start "$BENCH_DB"

# one user of each role, signing in with the administrator's password
psql_bench -d "$BENCH_DB" -v ON_ERROR_STOP=1 <<'SQL'
insert into users (email, name, password_hash, role, locale, time_zone)
select v.email, v.name, '!', v.role, 'pl', 'Europe/Warsaw'
from (values ('manager@bench.klient.test', 'Bench manager', 'MANAGER'),
             ('marketing@bench.klient.test', 'Bench marketer', 'MARKETING'),
             ('reader@bench.klient.test', 'Bench reader', 'READ_ONLY')) v(email, name, role)
where not exists (select 1 from users u where lower(u.email) = v.email);
insert into user_teams (user_id, team_id)
select u.id, (select min(id) from teams where name = 'Sales North') from users u
where u.email = 'manager@bench.klient.test' and not exists (select 1 from user_teams t where t.user_id = u.id);
update users set password_hash = (select password_hash from users where email = 'admin@klient.local'),
                 password_changed_at = now()
where email in ('manager@bench.klient.test', 'marketing@bench.klient.test', 'reader@bench.klient.test',
                'sales.1.1@scale.klient.test', 'support.5.1@scale.klient.test');
SQL
declare -A WHO=([ADMIN]=admin@klient.local [MANAGER]=manager@bench.klient.test [SALES]=sales.1.1@scale.klient.test
    [SUPPORT]=support.5.1@scale.klient.test [MARKETING]=marketing@bench.klient.test [READ_ONLY]=reader@bench.klient.test)

facts=$(psql_bench -d "$BENCH_DB" -Atc "select (select count(*) from contacts) || ' contacts, ' ||
    (select count(*) from companies) || ' companies, ' || (select count(*) from leads) || ' leads, ' ||
    (select count(*) from deals) || ' deals (' || (select count(*) from deal_stage_history) || ' stage moves), ' ||
    (select count(*) from orders) || ' orders, ' || (select count(*) from invoices) || ' invoices (' ||
    (select count(*) from payments) || ' payments), ' || (select count(*) from activities) || ' activities, ' ||
    (select count(*) from tickets) || ' tickets, ' || (select count(*) from survey_responses) || ' survey answers, ' ||
    (select count(*) from campaigns) || ' campaigns (' || (select count(*) from campaign_recipients) ||
    ' messages), ' || (select count(*) from ad_costs) || ' keyword costs; invoices from ' ||
    (select min(issue_date) from invoices) || ' to ' || (select max(issue_date) from invoices)")
echo "Data: $facts"

# the first reader of each role's dashboard: every kept figure forgotten just before, so all its tiles are computed
# (at the same time, on the pool of klient.analytics.threads) and kept; then the readers after them, from what was kept
first_reader() {
    local jar csrf
    jar=$(mktemp)
    csrf=$(curl -s -c "$jar" -b "$jar" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=$1" --data-urlencode "password=$PASSWORD" \
        --data-urlencode "_csrf=$csrf" "$BASE/login"
    psql_bench -d "$BENCH_DB" -c "delete from analytics_kpi_snapshots"
    curl -s -o /dev/null -w "%{time_total}" -b "$jar" "$BASE/analytics"
    rm -f "$jar"
}
if [ "$ONLY" != reports ]; then
    firsts=""
    for role in ADMIN MANAGER SALES SUPPORT MARKETING READ_ONLY; do
        firsts+="| $role \`/analytics\` | $(python3 -c "print(round(float('$(first_reader "${WHO[$role]}")') * 1000))") |"$'\n'
    done

    # every role's default dashboard, as the page renders it (after the first reader: the kept figures, said to be
    # "as of" when they were computed)
    dashboards=""
    for role in ADMIN MANAGER SALES SUPPORT MARKETING READ_ONLY; do
        row=$(http_bench latency "$BASE" "login:${WHO[$role]}:$PASSWORD" "$N" "/analytics")
        dashboards+="${row/\`\/analytics\`/$role \`/analytics\`}"$'\n'
    done

    # every KPI alone, as the administrator (the whole company: the most rows)
    kpis=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/analytics/kpis" |
        python3 -c 'import json,sys; print(" ".join("/api/v1/analytics/kpis/" + k["id"] for k in json.load(sys.stdin)))')
    # shellcheck disable=SC2086
    tiles=$(http_bench latency "$BASE" "$TOKEN" "$N" $kpis)
fi

# reports grouping a million rows by two dimensions, saved and run over the API
save() {
    curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$BASE/api/v1/analytics/reports" \
        -d "{\"name\": \"Bench: $1 $(date +%s%N)\", \"definition\": $2}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
ACTIVITIES=$(save "activities by owner and month" '{"subject": "activities", "filters": [],
    "groupBy": [{"field": "owner"}, {"field": "occurredAt", "grain": "MONTH"}], "measures": [{"fn": "COUNT"}],
    "columns": [], "chart": "TABLE"}')
CONTACTS=$(save "contacts by country and month" '{"subject": "contacts", "filters": [],
    "groupBy": [{"field": "country"}, {"field": "createdAt", "grain": "MONTH"}], "measures": [{"fn": "COUNT"}],
    "columns": [], "chart": "TABLE"}')
reports=$(http_bench latency "$BASE" "$TOKEN" "$((N / 2 > 5 ? N / 2 : 5))" \
    "/api/v1/analytics/reports/$ACTIVITIES/result" "/api/v1/analytics/reports/$CONTACTS/result")

if [ "$ONLY" = reports ]; then
    {
        echo "## Analytics reports on the generated database — $(date -u +%Y-%m-%d)"
        echo
        machine
        echo "Data: $facts. Saved reports grouping every row by two dimensions, run over the API (target < 2 s):"
        echo "report $ACTIVITIES is activities by owner × month, report $CONTACTS contacts by country × month created."
        echo
        echo "| request | p50 ms | p95 ms | p99 ms | max ms |"
        echo "|---|---:|---:|---:|---:|"
        echo "$reports"
    } | tee target/bench/analytics-reports.md
    exit 0
fi

# a million rows as XLSX, streamed, within -Xmx512m
lines_before=$(wc -l < target/bench/gc.log)
result=$(curl -s -o target/bench/report.xlsx -w "%{http_code} %{time_total} %{size_download}" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$BASE/api/v1/analytics/reports/export?format=xlsx" \
    -d '{"subject": "contacts", "filters": [], "groupBy": [], "measures": [],
         "columns": ["name", "company", "country", "owner", "createdAt"], "chart": "TABLE"}')
read -r status seconds bytes <<< "$result"
peak=$(tail -n +"$((lines_before + 1))" target/bench/gc.log | grep -o '[0-9]*M->[0-9]*M' | cut -dM -f1 | sort -n | tail -1)
rows=$(python3 - <<'PY'
import zipfile, re
with zipfile.ZipFile('target/bench/report.xlsx') as z:
    name = [n for n in z.namelist() if n.startswith('xl/worksheets/sheet')][0]
    count, tail = 0, b''
    with z.open(name) as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            # a row's tag may straddle two chunks: the last bytes of one are read again with the next
            count += (tail + chunk).count(b'<row ')
            tail = chunk[-4:]
    print(count - 1)
PY
)
rm -f target/bench/report.xlsx

mkdir -p target/bench
{
    echo "## Analytics on the generated database — $(date -u +%Y-%m-%d)"
    echo
    machine
    echo "Data: $facts. Klient with -Xmx512m on the same machine; $N sequential requests per row after a warm-up,"
    echo "each timed to its last byte by a second process (\`bench/analytics.sh\`). Period: this year, with the period"
    echo "before, the year before and the trend by month."
    echo
    echo "The first reader of every role's dashboard, nothing kept (all its tiles computed at the same time; one"
    echo "request each):"
    echo
    echo "| request | ms |"
    echo "|---|---:|"
    echo -n "$firsts"
    echo
    echo "Every role's default dashboard after its first reader (the figures kept, each said to be as of when it was"
    echo "computed; target p95 < 500 ms):"
    echo
    echo "| request | p50 ms | p95 ms | p99 ms | max ms |"
    echo "|---|---:|---:|---:|---:|"
    echo -n "$dashboards"
    echo
    echo "Every KPI alone, over the API, the whole company, after its first reader (target p95 < 200 ms):"
    echo
    echo "| request | p50 ms | p95 ms | p99 ms | max ms |"
    echo "|---|---:|---:|---:|---:|"
    echo "$tiles"
    echo
    echo "Saved reports grouping every row by two dimensions, run over the API (target < 2 s): report $ACTIVITIES is"
    echo "activities by owner × month, report $CONTACTS contacts by country × month created."
    echo
    echo "| request | p50 ms | p95 ms | p99 ms | max ms |"
    echo "|---|---:|---:|---:|---:|"
    echo "$reports"
    echo
    echo "XLSX export (\`POST /api/v1/analytics/reports/export?format=xlsx\`, contacts: name, company, country, owner,"
    echo "created; target < 60 s within -Xmx512m):"
    echo
    echo "| status | rows | MB | seconds | peak heap MB (of 512) |"
    echo "|---|---:|---:|---:|---:|"
    echo "| $status | $(grouped "$rows") | $((bytes / 1048576)) | $seconds | ${peak:-below the first collection} |"
} | tee target/bench/analytics.md
