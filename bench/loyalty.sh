#!/usr/bin/env bash
# Benchmark of loyalty points: the earning job granting points for 100,000 paid invoices (10,000 companies, two lines
# each, paid over the last 30 days) in one program at 1 point per 10 PLN, timed as the run-now request
# (POST /api/v1/loyalty/programs/{id}/run) does it; a second run with nothing left to grant; then a customer's balance
# and tier read (GET /api/v1/loyalty/accounts/{id}) on an account whose ledger is 100,000 rows long, and the first
# page of its history. A database of its own (LOYALTY_BENCH_DB, default klient_bench_loyalty) is made on each run.
# Figures go to target/bench/loyalty.md.
# Run: bash bench/loyalty.sh   (LOYALTY_INVOICES=20000 for a smaller run on a busy machine)
cd "$(dirname "$0")/.."
source bench/lib.sh
DB=${LOYALTY_BENCH_DB:-klient_bench_loyalty}
INVOICES=${LOYALTY_INVOICES:-100000}
LEDGER=${LOYALTY_LEDGER:-100000}
N=${BENCH_REQUESTS:-50}
pg_start
jar_build
db_create "$DB"
trap klient_stop EXIT
klient_start "$DB"
psql_bench -d "$DB" -v invoices="$INVOICES" <<'SQL'
insert into companies (name, country) select 'Bench loyalty ' || g, 'PL' from generate_series(1, 10000) g;
insert into invoices (number, company_id, language, currency, issue_date, sale_date, due_date, payment_method,
                      seller_name, buyer_name, net_total, tax_total, gross_total, paid_total, paid_at)
    select 'BENCH-LOY/' || g, (select min(id) from companies) + g % 10000, 'pl', 'PLN', d, d, d + 14, 'TRANSFER',
           'Bench seller', 'Bench buyer', a * 2, round(a * 2 * 0.23, 2), round(a * 2 * 1.23, 2),
           round(a * 2 * 1.23, 2), d + 3
    from (select g, current_date - 30 + g % 27 as d, round((50 + random() * 2000)::numeric, 2) as a
          from generate_series(1, :invoices) g) x;
insert into invoice_lines (invoice_id, position, description, quantity, unit, unit_price, discount_percent, tax_rate,
                           net_amount)
    select i.id, p, 'Bench item ' || p, 1, 'pcs', i.net_total / 2, 0, 23, i.net_total / 2
    from invoices i cross join generate_series(1, 2) p where i.number like 'BENCH-LOY/%';
vacuum analyze companies;
vacuum analyze invoices;
vacuum analyze invoice_lines;
SQL
api() { curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
PROGRAM=$(api "http://localhost:$KLIENT_PORT/api/v1/loyalty/programs" -d "{\"name\": \"Bench club\",
    \"expireMonths\": 12, \"earnFrom\": \"$(date -u -d '-40 days' +%F)\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
api "http://localhost:$KLIENT_PORT/api/v1/loyalty/programs/$PROGRAM/rules" \
    -d '{"kind": "RATE", "currency": "PLN", "perAmount": 10, "points": 1}' > /dev/null
started=$(date +%s.%N)
FIRST=$(api -X POST "http://localhost:$KLIENT_PORT/api/v1/loyalty/programs/$PROGRAM/run")
first_s=$(echo "$(date +%s.%N) - $started" | bc)
started=$(date +%s.%N)
SECOND=$(api -X POST "http://localhost:$KLIENT_PORT/api/v1/loyalty/programs/$PROGRAM/run")
second_s=$(echo "$(date +%s.%N) - $started" | bc)
rows=$(psql_bench -d "$DB" -Atc "select count(*) || ' ledger rows, ' || sum(points) || ' points, ' ||
    count(distinct account_id) || ' accounts' from loyalty_ledger")
# one account with a long ledger: ten years of earnings (expiring after a year) and spending, written as the ledger
# writes them (balance after each row), the newest year still to expire
ACCOUNT=$(psql_bench -d "$DB" -Atc "select id from loyalty_accounts where program_id = $PROGRAM order by id limit 1")
psql_bench -d "$DB" -v account="$ACCOUNT" -v rows="$LEDGER" <<'SQL'
with base as (select coalesce((select balance_after from loyalty_ledger where account_id = :account
                               order by id desc limit 1), 0) as balance),
gen as (select g, case when g % 3 = 0 then -5 else 10 end as points,
               now() - (:rows - g) * (interval '3650 days' / :rows) as at
        from generate_series(1, :rows) g)
insert into loyalty_ledger (account_id, kind, points, balance_after, expires_on, cause_kind, cause_id, reason, at)
select :account, case when points > 0 then 'ADJUSTED' else 'REDEEMED' end, points,
       (select balance from base) + sum(points) over (order by g),
       case when points > 0 then (at + interval '12 months')::date end, null, null,
       case when points > 0 then 'bench' end, at
from gen order by g;
vacuum analyze loyalty_ledger;
SQL
ledger_rows=$(psql_bench -d "$DB" -Atc "select count(*) from loyalty_ledger where account_id = $ACCOUNT")
figures=$(http_bench latency "http://localhost:$KLIENT_PORT" "$TOKEN" "$N" \
    "/api/v1/loyalty/accounts/$ACCOUNT/balance" \
    "/api/v1/loyalty/accounts/$ACCOUNT" \
    "/api/v1/loyalty/accounts/$ACCOUNT/ledger?size=20")
mkdir -p target/bench
{
    echo "## Loyalty points: the earning job and a balance read — $(date -u +%Y-%m-%d)"
    echo
    machine
    echo "Data: $(grouped "$INVOICES") paid invoices of 10,000 companies (two lines each). First run (grants): ${first_s} s," \
        "answering $FIRST; second run (nothing left): ${second_s} s, answering $SECOND. Ledger after the job: $rows."
    echo "An account whose ledger has $(grouped "$ledger_rows") rows: its balance and tier (/balance), the account with"
    echo "what expires when (every earning of the last twelve months looked at), and the first page of its history:"
    echo
    echo "| request | p50 ms | p95 ms | p99 ms | max ms |"
    echo "|---|---:|---:|---:|---:|"
    echo "$figures"
} | tee target/bench/loyalty.md
