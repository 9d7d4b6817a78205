#!/usr/bin/env bash
# Record-level access (issue 23): what a salesperson's contact list and searches cost on 1,000,000 contacts when the
# administrator restricts their reading of contacts to their own or their team's, against the default (everybody
# reads everything, and the table carries no row policy at all). The salesperson owns 1 contact in 20 (50,000); the
# team has five people. p50/p95/p99 of sequential requests from a second process. Run: bash bench/access.sh
cd "$(dirname "$0")/.."
source bench/lib.sh
N=${BENCH_REQUESTS:-200}
pg_start
jar_build
db_generated
# what the README asks of the operator of a server of their own before restricting reading: the search functions
# declared leak-proof, so a row policy leaves the indexes usable
as_postgres psql -q -p "$PG_PORT" -d $BENCH_DB -f src/main/resources/db/leakproof.sql
trap klient_stop EXIT
klient_start $BENCH_DB
q() { psql_bench -d $BENCH_DB -Atc "$1"; }
api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# the salesperson, their four teammates, and what they own
EMAIL="bench-sales-$(date +%s)@klient.local"
SALES=$(api -d "{\"email\": \"$EMAIL\", \"name\": \"Bench Sales\", \"role\": \"SALES\", \"password\": \"bench-password-1\", \"locale\": \"en\", \"timeZone\": \"Europe/Warsaw\"}" \
    "http://localhost:$KLIENT_PORT/api/v1/users" | json 'd["id"]')
TEAM="Bench team $(date +%s)"
q "insert into teams (name) values ('$TEAM');
   insert into user_teams (user_id, team_id) select u, (select id from teams where name = '$TEAM')
     from (select $SALES as u union all (select id from users where role = 'SALES' and id <> $SALES order by id limit 4)) x;
   update contacts set owner_id = $SALES where id % 20 = 0 and owner_id is not null;" >/dev/null
SALES_TOKEN=$(curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"bench-password-1\"}" \
    "http://localhost:$KLIENT_PORT/api/v1/auth/token" | json 'd["token"]')
NAME=$(q "select lower(last_name) from contacts where id = 500000")
MAIL=$(q "select split_part(emails[1], '@', 1) from contacts where id = 700001")
enc() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
rule() {
    local id version
    id=$(api "http://localhost:$KLIENT_PORT/api/v1/record-access" | json "[r['id'] for r in d if r['role']=='SALES' and r['kind']=='contact'][0]")
    version=$(api "http://localhost:$KLIENT_PORT/api/v1/record-access" | json "[r['version'] for r in d if r['role']=='SALES' and r['kind']=='contact'][0]")
    api -X PUT -d "{\"read\": \"$1\", \"change\": \"OWN\", \"version\": $version}" \
        "http://localhost:$KLIENT_PORT/api/v1/record-access/$id" >/dev/null
}
measure() {
    local label=$1 who=$2
    http_bench latency "http://localhost:$KLIENT_PORT" "$who" "$N" \
        "/api/v1/contacts?sort=name" "/api/v1/contacts?country=PL&sort=name" \
        "/api/v1/contacts?q=$(enc "$NAME")" "/api/v1/contacts?q=$(enc "$MAIL")" \
        "/api/v1/search?q=$(enc "$NAME")" | sed "s/^| /| $label: /"
}
header="| request | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|"
rule ALL
all=$(measure "salesperson, reads all (no policy)" "$SALES_TOKEN")
rule TEAM
team=$(measure "salesperson, reads the team's" "$SALES_TOKEN")
admin=$(measure "administrator, while salespeople read their team's" "$TOKEN")
rule OWN
own=$(measure "salesperson, reads their own" "$SALES_TOKEN")
rule ALL
report "Record-level access on 1,000,000 contacts" \
"200,000 companies and 1,000,000 contacts from \`generate\`; a salesperson who owns 50,000 of them (1 in 20), in a
team of five; Klient with -Xmx512m on the same machine; $N sequential requests per row after a warm-up, each timed to
its last byte by a second process (\`bench/access.sh\`). With the default rules the contacts table carries no row
policy; restricting the salespeople's reading installs one, which every reader of the table then passes through." \
"$header
$all
$team
$own
$admin"
