#!/usr/bin/env bash
# GDPR: how long a person's export (right of access) and erasure take on a generated database, with a person who has
# a long history (e-mails with attachments, activities, notes, tickets) among many others' e-mails. The anchor is
# PostgreSQL's own COPY of the same person's e-mails to nowhere: the least any export of them could cost.
# Run: bash bench/gdpr.sh (BENCH_CONTACTS=100000 by default; its own database and port, so it runs beside others)
cd "$(dirname "$0")/.."
source bench/lib.sh
BENCH_DB=klient_gdpr_bench
KLIENT_PORT=8095
CONTACTS=${BENCH_CONTACTS:-100000}
N=${BENCH_REQUESTS:-20}
pg_start
jar_build
if [ "$(psql_bench -d $BENCH_DB -Atc "select count(*) from contacts" 2>/dev/null || echo 0)" -lt "$CONTACTS" ]; then
    db_create $BENCH_DB
    klient_env $BENCH_DB
    java -Xmx1g -jar "$KLIENT_JAR" generate --contacts "$CONTACTS" > target/bench-gdpr-generate.log
fi
# everybody's mail: five e-mails for every tenth contact; the people measured: 200 e-mails each (one in four with a
# 20 KB attachment), 100 calls and notes, 20 tickets
psql_bench -d $BENCH_DB -q <<'SQL'
delete from emails where message_id like '<bench-%';
insert into emails (direction, message_id, from_address, to_addresses, subject, body, contact_id, status, at)
select 'INBOUND', '<bench-all-' || c.id || '-' || k || '>', coalesce(c.emails[1], 'x' || c.id || '@example.test'),
       'sales@klient.test', 'Question ' || k, repeat('Some words about an order. ', 40), c.id, 'RECEIVED',
       now() - k * interval '9 days'
  from contacts c cross join generate_series(1, 5) k where c.id % 10 = 0;
create temporary table measured as select id from contacts where emails <> '{}' order by id limit 30;
insert into emails (direction, message_id, from_address, to_addresses, subject, body, contact_id, status, at)
select 'INBOUND', '<bench-p-' || m.id || '-' || k || '>', c.emails[1], 'sales@klient.test', 'Order ' || k,
       repeat('Dear team, this is ' || c.first_name || ' ' || c.last_name || ' about my order. ', 20), c.id,
       'RECEIVED', now() - k * interval '1 day'
  from measured m join contacts c on c.id = m.id cross join generate_series(1, 200) k;
insert into email_attachments (email_id, filename, content_type, size, data)
select e.id, 'order.pdf', 'application/pdf', 20000, convert_to(repeat('x', 20000), 'UTF8')
  from emails e where e.message_id like '<bench-p-%' and e.id % 4 = 0;
insert into activities (type, subject, body, contact_id, occurred_at, owner_id)
select 'CALL', 'Call ' || k, 'Talked about the next order.', m.id, now() - k * interval '2 days',
       (select min(id) from users)
  from measured m cross join generate_series(1, 100) k;
insert into tickets (number, subject, description, contact_id, channel, priority, status, created_at,
                     first_response_due_at, resolution_due_at)
select 'B-' || m.id || '-' || k, 'Broken ' || k, 'It broke again.', m.id, 'EMAIL', 'NORMAL', 'CLOSED',
       now() - k * interval '10 days', now(), now()
  from measured m cross join generate_series(1, 20) k;
analyze;
SQL
PEOPLE=$(psql_bench -d $BENCH_DB -Atc "select string_agg(id::text, ' ') from (select id from contacts
    where emails <> '{}' order by id limit 30) p")
EMAILS=$(psql_bench -d $BENCH_DB -Atc "select count(*) from emails")
trap klient_stop EXIT
klient_start $BENCH_DB
api() { curl -s -o "$3" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "$2" "http://localhost:$KLIENT_PORT$1"; }
set -- $PEOPLE
api /api/v1/privacy/exports "{\"contactId\": $1}" /dev/null > /dev/null # warm-up
exports=()
size=0
for i in $(seq 2 $((N + 1))); do
    id=${!i}
    read -r code took < <(api /api/v1/privacy/exports "{\"contactId\": $id}" target/bench-gdpr.zip)
    [ "$code" = 200 ] || { echo "export answered $code" >&2; exit 1; }
    exports+=("$took")
    size=$(stat -c %s target/bench-gdpr.zip)
done
erasures=()
for i in $(seq $((N + 2)) $((N + 6))); do
    id=${!i}
    read -r code took < <(api /api/v1/privacy/erasures "{\"contactId\": $id, \"reason\": \"OBJECTION\"}" /dev/null)
    [ "$code" = 201 ] || { echo "erasure answered $code" >&2; exit 1; }
    erasures+=("$took")
done
copy=$( { /usr/bin/time -f '%e' bash -c "PGPASSWORD=$BENCH_PASSWORD psql -X -q -h localhost -p $PG_PORT -U klient_bench \
    -d $BENCH_DB -c \"copy (select e.*, a.data from emails e left join email_attachments a on a.email_id = e.id
    where e.contact_id = $2) to stdout\" > /dev/null"; } 2>&1 )
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.0f | %.0f | %.0f", a[int((NR+1)/2)]*1000, a[int(NR*0.95+0.99)]*1000, a[NR]*1000}'; }
{
    echo "# GDPR export and erasure — $(date -u +%Y-%m-%d)"
    echo
    machine
    echo "$CONTACTS generated contacts, $(grouped "$EMAILS") e-mails in all; each person measured has 200 e-mails (50 with a"
    echo "20 KB attachment), 100 calls and 20 tickets. Klient with -Xmx512m on the same machine, requests one after"
    echo "another from curl (\`bench/gdpr.sh\`), each a different person, after one warm-up export."
    echo
    echo "| request | n | p50 ms | p95 ms | max ms |"
    echo "|---|---|---|---|---|"
    echo "| export (ZIP of $((size / 1024)) KB) | $N | $(stats "${exports[@]}") |"
    echo "| erasure (every module, one transaction) | 5 | $(stats "${erasures[@]}") |"
    echo "| anchor: psql \`COPY\` of one person's e-mails with attachments to nowhere | 1 | $(awk -v s="$copy" 'BEGIN {printf "%.0f", s*1000}') | | |"
} | tee /work/wt/gdpr-bench.md
