#!/usr/bin/env bash
# Benchmark: the open pixel and the tracked click under a constant arrival rate (an open model, see HttpBench), on a
# campaign sent to 100,000 contacts. Every request carries a genuine signed token of a real recipient, so each one is
# verified (HMAC), recorded (an event, the recipient's first open/click, a timeline entry on the first) and answered
# (a GIF, a 302). Figures: p50/p99 at 2,000 requests per second, and the highest rate held.
# Run: bash bench/tracking.sh   (BENCH_RECIPIENTS, BENCH_STEP_SECONDS to change the size and the step length)
cd "$(dirname "$0")/.."
source bench/lib.sh
KLIENT_PORT=${BENCH_TRACKING_PORT:-8097}
DB=klient_bench_tracking
RECIPIENTS=${BENCH_RECIPIENTS:-100000}
SECONDS_PER_STEP=${BENCH_STEP_SECONDS:-20}
pg_start
jar_build
db_create $DB
trap klient_stop EXIT
klient_start $DB
base="http://localhost:$KLIENT_PORT"

# a campaign sent to RECIPIENTS contacts who gave consent, as the send job leaves it
range=$(psql_bench -d $DB -Atc "
    insert into contacts (first_name, last_name, emails)
    select 'Tracked', 'Recipient ' || g, array['tracked.' || g || '@bench.example']
    from generate_series(1, $RECIPIENTS) g;
    insert into campaigns (name, purpose_id, state, started_at, finished_at)
    select 'Tracking benchmark', id, 'SENT', now(), now() from consent_purposes where key = 'newsletter';
    insert into campaign_recipients (campaign_id, contact_id, address, language, state, message_id)
    select (select max(id) from campaigns), c.id, c.emails[1], 'en', 'SENT', '<bench.' || c.id || '@klient.bench>'
    from contacts c where c.last_name like 'Recipient %';
    select (select max(id) from campaigns) || ' ' || min(id) || ' ' || max(id) from contacts
    where last_name like 'Recipient %';" | tail -1)
read -r campaign first last <<< "$range"
psql_bench -d $DB -c "vacuum analyze contacts" -c "vacuum analyze campaign_recipients"
# the first token Klient reads makes its signing key; the driver signs with the same key, as the send job does
curl -s -o /dev/null "$base/t/o/QwAAAAAAAAABAAAAAAAAAAE.AAAAAAAAAAAAAAAAAAAAAA.gif"
key=$(psql_bench -d $DB -Atc "select encode(signing_key, 'hex') from signing_keys where name = 'marketing'")

mkdir -p target/bench-tracking-classes
javac -d target/bench-tracking-classes bench/java/app/klient/bench/HttpBench.java \
    bench/java/app/klient/bench/TrackingBench.java
tracking_bench() { java -Xmx1g -cp target/bench-tracking-classes app.klient.bench.TrackingBench "$@"; }

# warm-up, not reported (the JIT, the connection pool); then a rest so that its backlog is not charged to the runs
for kind in open click; do tracking_bench load "$base" "$key" "$campaign" "$first" "$last" 500 20 $kind > /dev/null; done
sleep 10
fixed=""
for kind in open click; do
    fixed+=$(tracking_bench load "$base" "$key" "$campaign" "$first" "$last" 2000 "$SECONDS_PER_STEP" $kind)$'\n'
    sleep 10
done
held=""
for kind in open click; do
    held+=$(tracking_bench max "$base" "$key" "$campaign" "$first" "$last" 2000 250 10 $kind)$'\n'
    sleep 10
done
counts=$(psql_bench -d $DB -Atc "select kind || ' ' || count(*) from marketing_events group by kind order by kind" \
    | tr '\n' ';')
klient_stop
report "Open pixel and tracked click at a constant arrival rate" \
"A campaign sent to $(grouped "$RECIPIENTS") contacts; Klient with -Xmx512m, 10 database connections, 200 Tomcat
threads; the load generator (\`bench/java/.../TrackingBench.java\`, 64 keep-alive connections, plain HTTP/1.1) on the
same 2 cores, so it takes CPU from the server. Every request is a genuine signed link of a real recipient, in turn
over the $(grouped "$RECIPIENTS") contacts: Klient checks the HMAC, inserts the event, marks the recipient's first
open or click and puts that on the contact's timeline, then answers (the 43-byte GIF, or a 302 to the address signed
into the link). 20 s of each at 500/s first, to warm the JIT, not reported. Events recorded in the run: $counts" \
"At 2,000 requests per second for $SECONDS_PER_STEP s:

| kind | rate/s | requests | errors | achieved/s | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|---|---|---|---|
$fixed
The highest rate held (from 2,000/s in steps of 250/s, 10 s each; a step fails on one error, on falling 3 % behind,
or on p99 over 1 s):

| kind | held/s | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|---|
$held"
