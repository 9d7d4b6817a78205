#!/usr/bin/env bash
# Benchmark: a campaign of 100,000 personalized messages (three languages, merge fields, three tracked links, the
# open pixel, the unsubscribe link and List-Unsubscribe headers) rendered by Klient's send job and handed to a local
# SMTP server, beside the figure of that SMTP server alone (a bare client sending messages of the same size over one
# connection). The ratio of the two is the goal; Klient's own goal is at least 300 messages per second.
# Run: bash bench/campaigns.sh   (BENCH_MESSAGES=10000 for a shorter run)
cd "$(dirname "$0")/.."
source bench/lib.sh
pg_start
jar_build
DB=klient_bench_campaigns
KLIENT_PORT=${BENCH_KLIENT_PORT:-8095}
N=${BENCH_MESSAGES:-100000}
SMTP_PORT=${BENCH_SMTP_PORT:-2526}
mkdir -p target/bench
db_create $DB

SINK="java -Xmx256m bench/java/app/klient/bench/SmtpSink.java"
$SINK serve "$SMTP_PORT" target/bench/smtp-count > target/bench/smtp-sink.log 2>&1 &
SINK_PID=$!
cleanup() { klient_stop; kill "$SINK_PID" 2>/dev/null || true; }
trap cleanup EXIT
until [ -s target/bench/smtp-count ]; do sleep 0.5; done
sleep 1

# the SMTP server alone: one connection, the same number of messages of the size Klient's are
read -r _ alone_seconds alone_rate <<< "$($SINK blast "$SMTP_PORT" "$N" 7000)"

# Klient with its jobs on, sending through the sink
export SPRING_MAIL_HOST=localhost SPRING_MAIL_PORT=$SMTP_PORT KLIENT_BASE_URL=https://crm.bench.example
klient_start $DB --klient.mail.poll-every=PT1H --klient.mail.from=news@bench.example

# N contacts in three languages, each with consent to the newsletter, in one static list
psql_bench -d $DB <<SQL
insert into contacts (first_name, last_name, emails, preferred_language, job_title)
select (array['Anna','Jan','Petra','Tomáš','Zofia','Karel','Ewa','Marek'])[1 + i % 8], 'Bench ' || i,
       array['c' || i || '@bench.example'], (array['en','pl','cs'])[1 + i % 3],
       case when i % 4 = 0 then null else 'Buyer' end
from generate_series(1, $N) i;
insert into consents (contact_id, address, purpose_id, channel, state, source)
select c.id, c.emails[1], p.id, 'EMAIL', 'GIVEN', 'IMPORT' from contacts c, consent_purposes p
where p.key = 'newsletter' and c.last_name like 'Bench %';
insert into consent_states (contact_id, purpose_id, channel, state, consent_id, since)
select contact_id, purpose_id, channel, state, id, at from consents where source = 'IMPORT';
insert into segments (name, kind) values ('Benchmark readers', 'STATIC');
insert into segment_members (segment_id, contact_id, added_by)
select (select id from segments where name = 'Benchmark readers'), id, 'IMPORT' from contacts where last_name like 'Bench %';
analyze contacts; analyze consent_states; analyze suppressions; analyze segment_members;
SQL
purpose=$(psql_bench -d $DB -Atc "select id from consent_purposes where key = 'newsletter'")
segment=$(psql_bench -d $DB -Atc "select id from segments where name = 'Benchmark readers'")
body='<h1>Spring offers</h1><p>Hello {{contact.firstName | \"there\"}},</p><p>As a {{contact.jobTitle | \"customer\"}} you get 10 % off until {{today}}.</p><p><a href=\"https://shop.example/spring\">See the offers</a> · <a href=\"https://shop.example/new?x=1&y=2\">New products</a> · <a href=\"https://shop.example/contact\">Write to us</a></p><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>'
campaign=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    "http://localhost:$KLIENT_PORT/api/v1/marketing/campaigns" -d @- <<JSON | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
{"name": "Benchmark", "purposeId": $purpose, "segmentId": $segment, "fromAddress": "news@bench.example",
 "ratePerMinute": 1000000, "utmCampaign": "bench",
 "contents": [{"language": "en", "subject": "Spring offers for {{contact.firstName}}", "body": "$body"},
              {"language": "pl", "subject": "Wiosenne oferty dla {{contact.firstName}}", "body": "$body"},
              {"language": "cs", "subject": "Jarní nabídky pro {{contact.firstName}}", "body": "$body"}]}
JSON
)
before=$(cat target/bench/smtp-count)
curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    "http://localhost:$KLIENT_PORT/api/v1/marketing/campaigns/$campaign/schedule" -d '{"version": 0}'
until [ "$(psql_bench -d $DB -Atc "select state from campaigns where id = $campaign")" = SENT ]; do sleep 1; done
read -r seconds sent <<< "$(psql_bench -d $DB -Atc "select extract(epoch from finished_at - started_at), sent_count
    from campaigns where id = $campaign" | tr '|' ' ')"
sleep 1
taken=$(( $(cat target/bench/smtp-count) - before ))
rate=$(python3 -c "print(round($sent / $seconds))")
ratio=$(python3 -c "print(round($sent / $seconds / $alone_rate * 100))")
printf '%s messages: Klient %s/s (%.1f s), SMTP server alone %s/s; %s taken by the server\n' "$sent" "$rate" "$seconds" "$alone_rate" "$taken"
cat > target/bench/campaigns.md <<MD
| messages | Klient's send job: seconds | messages/s | the SMTP server alone: messages/s | Klient / server alone |
|---|---|---|---|---|
| $(grouped "$sent") | $(printf %.1f "$seconds") | $rate | $alone_rate | $ratio % |
MD
cat target/bench/campaigns.md
[ "$taken" -ge "$sent" ] || { echo "the server took $taken, Klient says $sent" >&2; exit 1; }
