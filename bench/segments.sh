#!/usr/bin/env bash
# Benchmark of segments: a segment of purchase behaviour (paid invoices over 10,000 in the last 12 months and opened
# a campaign) counted, and its members listed a page at a time (first page and a deep page by contact id), over the
# API on the generated million contacts. The generator's invoices name no contact, so the first run adds purchase
# history: 1,000,000 invoices of random contacts over the last two years (90 % paid, 100 to 8,100 each), and one sent
# campaign with recipients and opens (every third contact reached, 40 % of them opened). Figures go to target/bench/segments.md.
# Run: bash bench/segments.sh   (SEGMENTS_BENCH_DB=name to use a database of its own)
cd "$(dirname "$0")/.."
source bench/lib.sh
BENCH_DB=${SEGMENTS_BENCH_DB:-$BENCH_DB}
N=${BENCH_REQUESTS:-30}
pg_start
jar_build
db_generated
if [ "$(psql_bench -d "$BENCH_DB" -Atc "select count(*) from campaigns where name = 'Bench segments'")" = 0 ]; then
    psql_bench -d "$BENCH_DB" <<'SQL'
insert into invoices (number, contact_id, language, currency, issue_date, sale_date, due_date, payment_method,
                      seller_name, buyer_name, net_total, tax_total, gross_total, paid_total, paid_at)
    select 'BENCH-SEG/' || g, c.id, 'pl', 'PLN', d, d, d + 14, 'TRANSFER', 'Bench seller', 'Bench buyer', a, 0, a,
           case when p < 0.9 then a else 0 end, case when p < 0.9 then d + 7 end
    from (select g, (select min(id) from contacts) + floor(random() * 1000000)::bigint as contact,
                 current_date - floor(random() * 730)::int as d, round((100 + random() * 8000)::numeric, 2) as a,
                 random() as p
          from generate_series(1, 1000000) g) x
    join contacts c on c.id = x.contact;
insert into campaigns (name, purpose_id, state, started_at, finished_at)
    values ('Bench segments', (select min(id) from consent_purposes), 'SENT', now() - interval '40 days', now() - interval '40 days');
insert into campaign_recipients (campaign_id, contact_id, address, state, at, opened_at)
    select (select id from campaigns where name = 'Bench segments'), c.id, c.emails[1], 'SENT', now() - interval '40 days',
           case when random() < 0.4 then now() - interval '39 days' end
    from contacts c where c.id % 3 = 0;
vacuum analyze campaign_recipients;
vacuum analyze invoices;
SQL
fi
facts=$(psql_bench -d "$BENCH_DB" -Atc "select (select count(*) from contacts) || ' contacts, ' ||
    (select count(*) from invoices) || ' invoices (' || (select count(*) from invoices where kind = 'INVOICE'
    and paid_total >= gross_total) || ' paid), ' || (select count(*) from orders) || ' orders, ' ||
    (select count(*) from campaign_recipients) || ' campaign recipients (' ||
    (select count(*) from campaign_recipients where opened_at is not null) || ' opened)'")
trap klient_stop EXIT
klient_start "$BENCH_DB"
SEGMENT=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    "http://localhost:$KLIENT_PORT/api/v1/marketing/segments" -d '{"name": "Bench: big spenders who read us",
    "kind": "DYNAMIC", "filter": {"match": "ALL", "groups": [{"match": "ALL", "rules": [
      {"criterion": "billing.paidTotal", "operator": "GT", "value": "10000", "days": 365},
      {"criterion": "marketing.opened", "operator": "YES"}]}]}}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
SIZE=$(curl -s -H "Authorization: Bearer $TOKEN" "http://localhost:$KLIENT_PORT/api/v1/marketing/segments/$SEGMENT/count" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
MIDDLE=$(curl -s -H "Authorization: Bearer $TOKEN" \
    "http://localhost:$KLIENT_PORT/api/v1/marketing/segments/$SEGMENT/members?size=200&after=500000" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["items"][0]["contactId"] if d["items"] else 500000)')
figures=$(http_bench latency "http://localhost:$KLIENT_PORT" "$TOKEN" "$N" \
    "/api/v1/marketing/segments/$SEGMENT/count" \
    "/api/v1/marketing/segments/$SEGMENT/members?size=50" \
    "/api/v1/marketing/segments/$SEGMENT/members?size=50&after=$MIDDLE" \
    "/api/v1/contacts?segment=$SEGMENT")
mkdir -p target/bench
{
    echo "## Segments: purchase behaviour on $(grouped "$(psql_bench -d "$BENCH_DB" -Atc 'select count(*) from contacts')") contacts — $(date -u +%Y-%m-%d)"
    echo
    machine
    echo "Data: $facts. Segment: paid invoices over 10,000 in the last 365 days AND opened a campaign: $SIZE members."
    echo
    echo "| request | p50 ms | p95 ms | p99 ms | max ms |"
    echo "|---|---:|---:|---:|---:|"
    echo "$figures"
} | tee target/bench/segments.md
