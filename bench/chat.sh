#!/usr/bin/env bash
# Benchmark of the live chat: CHATS concurrent chats, each with its visitor's event stream open, a visitor message
# and an agent's answer every few seconds in each (bench/java/.../ChatBench.java); delivery time from the POST until
# the message arrives on the visitor's stream. Target (issue 25): 200 chats, p95 under 200 ms on this 2-core machine.
# Run: bash bench/chat.sh   (CHAT_BENCH_CHATS=200, CHAT_BENCH_SECONDS=60, CHAT_BENCH_INTERVAL_MS=4000)
cd "$(dirname "$0")/.."
source bench/lib.sh
BENCH_DB=${CHAT_BENCH_DB:-klient_bench_chat}
KLIENT_PORT=${CHAT_BENCH_PORT:-8094}
CHATS=${CHAT_BENCH_CHATS:-200}
SECONDS_RUN=${CHAT_BENCH_SECONDS:-60}
INTERVAL=${CHAT_BENCH_INTERVAL_MS:-4000}
pg_start
jar_build
db_create "$BENCH_DB"
trap 'klient_stop' EXIT
mkdir -p target/bench
# every chat of the benchmark comes from this one address: the per-address limit is raised for it
klient_start "$BENCH_DB" --klient.jobs.enabled=false --klient.chat.chats-per-hour=100000
KEY=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    "http://localhost:$KLIENT_PORT/api/v1/chat-widgets" -d '{"name": "bench", "bot": false, "allowedOrigins": ["https://www.example.com"]}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["widget"]["key"])')
ROW=$(java -Xmx1g bench/java/app/klient/bench/ChatBench.java "http://localhost:$KLIENT_PORT" "$TOKEN" "$KEY" \
    "$CHATS" "$SECONDS_RUN" "$INTERVAL")
echo "$ROW"
report "Live chat: $CHATS concurrent chats" \
    "Each chat has its visitor's event stream open; every ${INTERVAL} ms (± a quarter) the visitor writes and the agent answers over the API. Delivery: from sending the POST until the message arrives on the visitor's stream (write, commit, NOTIFY, the stream's read, the push). Klient at -Xmx512m with its jobs off, on Debian's PostgreSQL. Target: p95 under 200 ms." \
    "| chats | messages delivered | p50 ms | p95 ms | p99 ms | max ms | not delivered | errors |
|---|---|---|---|---|---|---|---|
| $ROW |"
