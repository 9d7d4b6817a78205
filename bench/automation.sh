#!/usr/bin/env bash
# Benchmark: automation rules and webhooks on one Klient node with its jobs on, over Debian's PostgreSQL.
# (a) rule executions per second: N deals made in one statement, a rule "deal created, amount at least 500 → set the
#     next step" with its log (a run and a step per deal); from the commit of the deals to the last run's finish.
# (b) webhook deliveries per second: N signed deliveries due at once to a local receiver (bench/java WebhookSink,
#     64 threads, answers 204), from their commit to the last one delivered; beside the receiver alone (a bare JDK
#     client posting the same number of messages of the same size from as many threads as Klient's senders).
# (c) the delay from a change's commit to its run's finish (p50, p95, max) while deals are made at a steady RATE a
#     second for 20 seconds: from the change's moment (automation_changes.occurred_at, kept in the run's cause) to
#     automation_runs.finished_at.
# Targets: at least 500 executions and 500 deliveries a second, a delay under a second.
# Run: bash bench/automation.sh   (BENCH_CHANGES=5000 BENCH_DELIVERIES=5000 for a shorter run, BENCH_RATE=200)
cd "$(dirname "$0")/.."
source bench/lib.sh
pg_start
jar_build
DB=klient_bench_automation
KLIENT_PORT=${BENCH_KLIENT_PORT:-8096}
N=${BENCH_CHANGES:-20000}
D=${BENCH_DELIVERIES:-20000}
RATE=${BENCH_RATE:-500}
SINK_PORT=${BENCH_SINK_PORT:-8097}
mkdir -p target/bench
db_create $DB

SINK="java -Xmx256m bench/java/app/klient/bench/WebhookSink.java"
rm -f target/bench/webhook-count
$SINK serve "$SINK_PORT" target/bench/webhook-count > target/bench/webhook-sink.log 2>&1 &
SINK_PID=$!
cleanup() { klient_stop; kill "$SINK_PID" 2>/dev/null || true; }
trap cleanup EXIT
until [ -s target/bench/webhook-count ]; do sleep 0.5; done

# the receiver alone, from the machine Klient runs on, with a payload of the size of the deliveries below
read -r _ alone_seconds alone_rate <<< "$($SINK blast "$SINK_PORT" "$D" 64 700)"

klient_start $DB --klient.mail.poll-every=PT1H --klient.webhooks.allowed-networks=127.0.0.1/32

q() { psql_bench -d $DB -Atc "$1"; }
# waits until the count the query answers reaches a number, or gives up after a time (something is wrong)
reach() {
    local sql=$1 want=$2 deadline=$((SECONDS + ${3:-900}))
    until [ "$(q "$sql")" -ge "$want" ]; do
        [ $SECONDS -lt $deadline ] || { echo "not reached: $sql ≥ $want" >&2; tail -20 target/bench-klient.log >&2; exit 1; }
        sleep 0.5
    done
}
admin=$(q "select id from users where email = 'admin@klient.local'")
q "create table bench_marks (name text primary key, at timestamp with time zone not null)"

# the rule, as the editor saves it; the engine reads it on its next pass and starts watching deals
q "insert into automation_rules (name, record_type, trigger_kind, trigger_options, conditions, actions, enabled, created_by)
   values ('Bench: next step for a new deal of 500 or more', 'deal', 'CREATED', '{\"kind\": \"CREATED\"}',
           '{\"match\": \"ALL\", \"items\": [{\"field\": \"amount\", \"op\": \"GE\", \"value\": \"500\"}]}',
           '[{\"type\": \"SET_FIELD\", \"field\": \"nextStep\", \"value\": \"Call the buyer\"}]', true, $admin)" >/dev/null
reach "select count(*) from automation_watched where record_type = 'deal'" 1 60
rule=$(q "select id from automation_rules")

# a warm-up the JVM needs before figures mean anything: a tenth of N deals, not counted
W=$(( N / 10 ))
psql_bench -d $DB -c "insert into deals (name, pipeline_id, stage_id, owner_id, amount)
    select 'Warm-up deal ' || i, s.pipeline_id, s.id, $admin, 1000
    from generate_series(1, $W) i, (select id, pipeline_id from stages order by pipeline_id, position limit 1) s"
reach "select count(*) from automation_runs where finished_at is not null" "$W"
a_from=$(q "select max(id) from automation_runs")
if [ -n "${BENCH_PROFILE:-}" ]; then
    # needs shared_preload_libraries = 'pg_stat_statements' on the cluster (a restart)
    as_postgres psql -q -p "$PG_PORT" -d $DB -c "create extension if not exists pg_stat_statements" \
        -c "select pg_stat_statements_reset()" >/dev/null
fi

# (a) N deals at once (nine in ten of 500 or more), owned by the administrator
psql_bench -d $DB <<SQL
insert into deals (name, pipeline_id, stage_id, owner_id, amount)
select 'Bench deal ' || i, s.pipeline_id, s.id, $admin, case when i % 10 = 0 then 100 else 1000 + i % 5000 end
from generate_series(1, $N) i, (select id, pipeline_id from stages order by pipeline_id, position limit 1) s;
insert into bench_marks values ('a', clock_timestamp());
SQL
reach "select count(*) from automation_runs where id > $a_from and finished_at is not null" "$N"
if [ -n "${BENCH_PROFILE:-}" ]; then
    as_postgres psql -p "$PG_PORT" -d $DB -Atc "select round(total_exec_time) || ' ms | ' || calls || ' calls | '
       || left(regexp_replace(query, '\s+', ' ', 'g'), 140)
       from pg_stat_statements order by total_exec_time desc limit 20" > target/bench/automation-profile.txt
    cat target/bench/automation-profile.txt
fi
read -r a_seconds a_done a_skipped a_steps a_took <<< "$(q "
    select extract(epoch from max(r.finished_at) - (select at from bench_marks where name = 'a')),
           count(*) filter (where state = 'DONE'), count(*) filter (where state = 'SKIPPED'),
           (select count(*) from automation_run_steps where run_id > $a_from), sum(took_ms)
    from automation_runs r where id > $a_from" | tr '|' ' ')"
a_rate=$(python3 -c "print(round($N / $a_seconds))")
set_fields=$(q "select count(*) from deals where next_step = 'Call the buyer' and name like 'Bench deal %'")
echo "(a) $N runs in $a_seconds s: $a_rate/s ($a_done done, $a_skipped skipped, $a_steps steps, $set_fields next steps set; ${a_took} ms inside the runs)"

# (c) deals at a steady RATE a second for 20 seconds, a batch every tenth of a second
q "delete from bench_marks where name = 'c'"
start_id=$(q "select coalesce(max(id), 0) from automation_runs")
psql_bench -d $DB <<SQL
do \$\$
declare
    began timestamp with time zone := clock_timestamp();
    s record;
begin
    select id, pipeline_id into s from stages order by pipeline_id, position limit 1;
    for b in 1 .. 200 loop
        insert into deals (name, pipeline_id, stage_id, owner_id, amount)
        select 'Steady deal ' || b || '.' || i, s.pipeline_id, s.id, $admin, 1000
        from generate_series(1, greatest(1, $RATE / 10)) i;
        commit;
        perform pg_sleep(greatest(0, b * 0.1 - extract(epoch from clock_timestamp() - began)));
    end loop;
end \$\$;
SQL
C=$(( 200 * (RATE / 10 > 0 ? RATE / 10 : 1) ))
reach "select count(*) from automation_runs where id > $start_id and finished_at is not null" "$C"
read -r c_rate c_p50 c_p95 c_max <<< "$(q "
    with d as (select finished_at - (cause->>'at')::timestamp with time zone as delay, (cause->>'at')::timestamp with time zone as at
               from automation_runs where id > $start_id)
    select round(count(*) / extract(epoch from max(at) - min(at))),
           round(extract(epoch from percentile_cont(0.5) within group (order by delay)) * 1000),
           round(extract(epoch from percentile_cont(0.95) within group (order by delay)) * 1000),
           round(extract(epoch from max(delay)) * 1000) from d" | tr '|' ' ')"
echo "(c) $C changes at $c_rate/s: delay p50 $c_p50 ms, p95 $c_p95 ms, max $c_max ms"

# (b) D deliveries due at once to one subscription, payloads of about 700 bytes
secret=$(python3 -c 'import base64, os; print("whsec_" + base64.b64encode(os.urandom(24)).decode())')
q "update automation_rules set enabled = false" >/dev/null
sub=$(q "insert into webhook_subscriptions (url, event_types, secret, owner_id)
         values ('http://127.0.0.1:$SINK_PORT/hook', '{bench.delivery}', '$secret', $admin) returning id" | head -1)
before=$(cat target/bench/webhook-count)
psql_bench -d $DB <<SQL
insert into webhook_deliveries (message_id, subscription_id, event_type, payload, next_attempt_at)
select 'msg_' || substr(md5(random()::text || i), 1, 26), $sub, 'bench.delivery',
       json_build_object('type', 'bench.delivery', 'timestamp', now(), 'data', json_build_object('id', i,
           'name', 'Bench deal ' || i, 'amount', 1000 + i, 'currency', 'PLN', 'stageId', 1, 'pipelineId', 1,
           'ownerId', $admin, 'status', 'OPEN', 'nextStep', 'Call the buyer', 'source', 'web',
           'expectedCloseDate', current_date + 30, 'createdAt', now(), 'updatedAt', now(), 'version', 0,
           'notes', repeat('x', 300)))::text, now()
from generate_series(1, $D) i;
insert into bench_marks values ('b', clock_timestamp());
SQL
reach "select count(*) from webhook_deliveries where state <> 'PENDING'" "$D"
read -r b_seconds b_delivered b_failed <<< "$(q "
    select extract(epoch from max(delivered_at) - (select at from bench_marks where name = 'b')),
           count(*) filter (where state = 'DELIVERED'), count(*) filter (where state = 'FAILED')
    from webhook_deliveries" | tr '|' ' ')"
sleep 0.5
taken=$(( $(cat target/bench/webhook-count) - before ))
b_rate=$(python3 -c "print(round($D / $b_seconds))")
echo "(b) $D deliveries in $b_seconds s: $b_rate/s ($b_delivered delivered, $b_failed failed; the receiver took $taken); the receiver alone $alone_rate/s"

cat > target/bench/automation.md <<MD
| measure | count | seconds | per second | target |
|---|---|---|---|---|
| (a) rule executions: condition + SET_FIELD + log | $(grouped "$N") ($a_done done, $a_skipped skipped) | $(printf %.1f "$a_seconds") | $a_rate | ≥ 500 |
| (b) webhook deliveries to a local receiver | $(grouped "$D") | $(printf %.1f "$b_seconds") | $b_rate (the receiver alone: $alone_rate) | ≥ 500 |
| (c) delay change → run finished at $c_rate changes/s | $(grouped "$C") | p50 $c_p50 ms, p95 $c_p95 ms, max $c_max ms | | < 1 s |
MD
cat target/bench/automation.md
[ "$taken" -ge "$b_delivered" ] || { echo "the receiver took $taken, Klient says $b_delivered" >&2; exit 1; }
