#!/usr/bin/env bash
# Survey results: the NPS of a segment of 1,000,000 contacts over the last year, over the API
# (GET /api/v1/surveys/results: the score, the response rate, the trend by month and the breakdowns per survey, team,
# agent and product in one answer), the same without the segment, the detractors of the segment a page at a time, and
# the verbatim search. The first run makes a database of its own, lets Klient migrate it, and adds with SQL the
# contacts (BENCH_CONTACTS, default 1,000,000: the answers are what is measured, so plain contacts do) and the
# answers: one invitation per contact over the last 365 days (every fifth contact a second one) from two NPS surveys,
# 60 % of them answered (half promoters, a quarter passives, a quarter detractors; a fifth with a comment in Polish,
# Czech or English), spread over four teams. Figures go to target/bench/surveys.md.
# Run: bash bench/surveys.sh   (SURVEYS_BENCH_DB=name for another database, BENCH_CONTACTS=n for a smaller one)
cd "$(dirname "$0")/.."
source bench/lib.sh
BENCH_DB=${SURVEYS_BENCH_DB:-klient_bench_surveys}
# a port of its own: other benchmarks may hold lib.sh's
KLIENT_PORT=${BENCH_PORT:-8094}
N=${BENCH_REQUESTS:-20}
CONTACTS=${BENCH_CONTACTS:-1000000}
pg_start
jar_build
psql_bench -d "$BENCH_DB" -Atc 'select 1' >/dev/null 2>&1 || db_create "$BENCH_DB"
trap klient_stop EXIT
klient_start "$BENCH_DB"
have=$(psql_bench -d "$BENCH_DB" -Atc "select count(*) from contacts")
if [ "$have" -lt "$CONTACTS" ]; then
    psql_bench -d "$BENCH_DB" -v n=$((CONTACTS - have)) <<'SQL'
insert into contacts (first_name, last_name, emails, preferred_language, created_at)
select (array['Anna', 'Jan', 'Petr', 'Eva', 'John'])[1 + g % 5], 'Bench ' || g, array['bench' || g || '@example.com'],
       (array['pl', 'cs', 'en'])[1 + g % 3], now() - (g % 2000) * interval '1 day'
from generate_series(1, :n) g;
vacuum analyze contacts;
SQL
fi
if [ "$(psql_bench -d "$BENCH_DB" -Atc "select count(*) from surveys where name = 'Bench NPS'")" = 0 ]; then
    psql_bench -d "$BENCH_DB" <<'SQL'
insert into teams (name) select 'Bench survey team ' || g from generate_series(1, 4) g
    on conflict do nothing;
insert into surveys (name, kind, trigger) values ('Bench NPS', 'NPS', 'MANUAL'), ('Bench NPS after tickets', 'NPS', 'MANUAL');
with s as (select array_agg(id order by id) ids from surveys where name like 'Bench NPS%'),
     t as (select array_agg(id order by id) ids from teams where name like 'Bench survey team %')
insert into survey_invitations (survey_id, contact_id, company_id, address, language, token_hash, cause_kind,
                                team_id, sent_at, expires_at, answered_at, products_known)
select s.ids[1 + (c.id % 2)::int], c.id, c.company_id, 'bench-' || c.id || '-' || n || '@example.com',
       (array['pl', 'cs', 'en'])[1 + (c.id % 3)::int], md5(c.id || '/' || n) || md5(n || '/' || c.id), 'SEGMENT',
       t.ids[1 + (c.id % 4)::int], x.at, x.at + interval '14 days',
       case when random() < 0.6 then least(x.at + interval '2 days', now()) end, true
from contacts c cross join s cross join t
cross join lateral generate_series(1, case when c.id % 5 = 0 then 2 else 1 end) n
cross join lateral (select now() - random() * interval '365 days' + ((c.id + n) * interval '0 s') as at) x;
insert into survey_responses (invitation_id, survey_id, kind, contact_id, company_id, team_id, score, comment,
                              language, answered_at)
select i.id, i.survey_id, 'NPS', i.contact_id, i.company_id, i.team_id,
       case when p < 0.5 then 9 + (random() < 0.5)::int when p < 0.75 then 7 + (random() < 0.5)::int
            else floor(random() * 7)::int end,
       case when random() < 0.2 then (array['Szybka dostawa, dziękuję.', 'Obsługa nie odpisała na czas.',
            'Doprava byla rychlá.', 'Faktura přišla pozdě.', 'The delivery was late.',
            'Friendly and quick support.'])[1 + floor(random() * 6)::int] end,
       i.language, i.answered_at
from (select i.*, random() as p from survey_invitations i
      where i.answered_at is not null and i.survey_id in (select id from surveys where name like 'Bench NPS%')) i;
vacuum analyze survey_invitations;
vacuum analyze survey_responses;
SQL
fi
facts=$(psql_bench -d "$BENCH_DB" -Atc "select (select count(*) from contacts) || ' contacts, ' ||
    (select count(*) from survey_invitations) || ' invitations, ' || (select count(*) from survey_responses) ||
    ' NPS answers (' || (select count(*) from survey_responses where answered_at > now() - interval '1 year') ||
    ' in the last year, ' || (select count(*) from survey_responses where comment is not null) || ' with a comment)'")
SEGMENT=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    "http://localhost:$KLIENT_PORT/api/v1/marketing/segments" -d '{"name": "Bench: everybody since 2000 '"$(date +%s)"'",
    "kind": "DYNAMIC", "filter": {"match": "ALL", "groups": [{"match": "ALL", "rules": [
      {"criterion": "customers.createdAt", "operator": "AFTER", "value": "2000-01-01"}]}]}}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
SIZE=$(curl -s -H "Authorization: Bearer $TOKEN" "http://localhost:$KLIENT_PORT/api/v1/marketing/segments/$SEGMENT/count" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
NPS=$(curl -s -H "Authorization: Bearer $TOKEN" "http://localhost:$KLIENT_PORT/api/v1/surveys/results?kind=NPS&segment=$SEGMENT" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("NPS %s over %s answers, response rate %s %%" % (d["score"]["value"], d["score"]["responses"], d["rate"]["percent"]) if "score" in d else "the results answered %s" % d)')
figures=$(http_bench latency "http://localhost:$KLIENT_PORT" "$TOKEN" "$N" \
    "/api/v1/surveys/results/score?kind=NPS&segment=$SEGMENT" \
    "/api/v1/surveys/results?kind=NPS&segment=$SEGMENT" \
    "/api/v1/surveys/results?kind=NPS" \
    "/api/v1/surveys/results/responses?kind=NPS&segment=$SEGMENT&band=LOW&size=50" \
    "/api/v1/surveys/results/responses?q=dostaw&size=50" \
    "/api/v1/surveys/results/responses?q=delivery&commented=true&size=50")
mkdir -p target/bench
{
    echo "## Survey results: NPS of a segment of $(grouped "$SIZE") contacts over a year — $(date -u +%Y-%m-%d)"
    echo
    machine
    echo "Data: $facts. Segment: created after 2000-01-01 (dynamic): $SIZE members; $NPS."
    echo "\`/score\` is the score alone; each results request computes the score, the response rate, the trend by month"
    echo "and the breakdowns per survey, team, agent and product."
    echo
    echo "| request | p50 ms | p95 ms | p99 ms | max ms |"
    echo "|---|---:|---:|---:|---:|"
    echo "$figures"
} | tee target/bench/surveys.md
