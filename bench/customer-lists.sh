#!/usr/bin/env bash
# Company and contact lists over HTTP on 200,000 companies and 1,000,000 contacts (Debian's PostgreSQL).
# Prints p50/p95 of 21 requests per list and appends them, with the machine, to docs/benchmarks.md.
# Needs: Debian's postgresql package, curl, python3. Run from the repository root: bash bench/customer-lists.sh
set -euo pipefail
cd "$(dirname "$0")/.."
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
started=false
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
    pg_ctlcluster "$version" main start
    started=true
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
as_postgres psql -q -p "$port" -c "drop database if exists klient_bench" -c "drop role if exists klient_bench" \
    -c "create role klient_bench login password 'bench'" -c "create database klient_bench owner klient_bench"
export SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$port/klient_bench" SPRING_DATASOURCE_USERNAME=klient_bench \
    SPRING_DATASOURCE_PASSWORD=bench KLIENT_ADMIN_PASSWORD=bench-password-1 SERVER_PORT=8089
./mvnw -B -q -DskipTests package
java -jar target/klient-*.jar > target/bench-customer-lists.log 2>&1 &
app=$!
cleanup() {
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    as_postgres psql -q -p "$port" -c "drop database if exists klient_bench" -c "drop role if exists klient_bench" || true
    if [ "$started" = true ]; then pg_ctlcluster "$version" main stop || true; fi
}
trap cleanup EXIT
until curl -sf "http://localhost:8089/actuator/health" >/dev/null; do sleep 1; done
PGPASSWORD=bench psql -q -h localhost -p "$port" -U klient_bench klient_bench -f bench/customer-lists.sql >/dev/null
token=$(curl -s -H 'Content-Type: application/json' -d '{"email":"admin@klient.local","password":"bench-password-1"}' \
    http://localhost:8089/api/v1/auth/token | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
measure() {
    local url=$1
    for _ in 1 2 3; do curl -s -o /dev/null -H "Authorization: Bearer $token" "http://localhost:8089$url"; done
    local times
    times=$(for _ in $(seq 1 21); do curl -s -o /dev/null -w "%{time_total}\n" -H "Authorization: Bearer $token" \
        "http://localhost:8089$url"; done | sort -n)
    printf "| \`%s\` | %.1f | %.1f |\n" "$url" "$(echo "$times" | sed -n 11p | awk '{print $1*1000}')" \
        "$(echo "$times" | sed -n 20p | awk '{print $1*1000}')"
}
rows=$(for url in "/api/v1/contacts?size=25" "/api/v1/contacts?size=25&sort=updatedAt,desc" \
    "/api/v1/contacts?q=nowak123456" "/api/v1/contacts?q=jan12345@firma" "/api/v1/contacts?q=601234" \
    "/api/v1/contacts?owner=me" "/api/v1/contacts?page=100" "/api/v1/contacts?page=10000" \
    "/api/v1/companies?q=firma+12345" "/api/v1/companies?stage=CUSTOMER&country=CZ" "/api/v1/contacts/500000" \
    "/api/v1/contacts?companyId=4242"; do measure "$url"; done)
export_time=$(curl -s -o /dev/null -w "%{time_total}" -H "Authorization: Bearer $token" \
    "http://localhost:8089/api/v1/contacts/export")
{
    echo
    echo "## Customer lists on 1,000,000 contacts — $(date -u +%Y-%m-%d)"
    echo
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem/ {print $2}') GiB;"
    echo "PostgreSQL $version (Debian, default settings); 200,000 companies and 1,000,000 contacts; Klient and the"
    echo "database on the same machine; 21 sequential requests per row after 3 warm-ups (curl, time to last byte)."
    echo
    echo "| request | p50 ms | p95 ms |"
    echo "|---|---|---|"
    echo "$rows"
    echo
    echo "CSV export of all 1,000,000 contacts (\`/api/v1/contacts/export\`, streamed): ${export_time} s."
} | tee -a docs/benchmarks.md
