#!/usr/bin/env bash
# Benchmark of webhook deliveries: N messages queued for one subscription at once (as the publication of a burst of
# changes would queue them), sent by Klient's dispatcher to a receiver on this machine that answers 204, signed, one
# HTTP request each; measured from the commit of the queue until the last is written down as delivered. A second run
# has the receiver refuse the first attempt of every other message (503), so half of them are sent again 5 s later:
# none may be lost. Figures go to target/bench/webhooks.md.
# Run: bash bench/webhooks.sh   (WEBHOOKS_BENCH_N=20000 messages; WEBHOOKS_BENCH_DB=name for a database of its own)
cd "$(dirname "$0")/.."
source bench/lib.sh
BENCH_DB=${WEBHOOKS_BENCH_DB:-klient_bench_webhooks}
KLIENT_PORT=${WEBHOOKS_BENCH_PORT:-8093}
RECEIVER_PORT=${WEBHOOKS_BENCH_RECEIVER:-8193}
N=${WEBHOOKS_BENCH_N:-20000}
pg_start
jar_build
db_create "$BENCH_DB"

# the receiver: a threaded HTTP/1.1 server (keep-alive); "flaky" refuses the first attempt of every other message
receiver_start() {
    python3 - "$RECEIVER_PORT" "$1" > target/bench/webhooks-receiver.log 2>&1 <<'PY' &
import sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
port, flaky = int(sys.argv[1]), sys.argv[2] == "flaky"
lock, seen = threading.Lock(), set()
class Hook(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        id = self.headers.get("webhook-id", "")
        with lock:
            first = id not in seen
            seen.add(id)
        status = 503 if flaky and first and int(id[-1], 16) % 2 == 0 else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), Hook).serve_forever()
PY
    RECEIVER_PID=$!
    sleep 1
}
receiver_stop() { if [ -n "${RECEIVER_PID:-}" ]; then kill "$RECEIVER_PID" 2>/dev/null || true; wait "$RECEIVER_PID" 2>/dev/null || true; fi; }
trap 'klient_stop; receiver_stop' EXIT

mkdir -p target/bench
# jobs on: the dispatcher is one of them; the receiver's network allowed, as an operator would allow an ERP's
klient_start "$BENCH_DB" --klient.webhooks.allowed-networks=127.0.0.1/32
# the dispatcher's first run waits 15 s after the start
sleep 16
SUBSCRIPTION=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    "http://localhost:$KLIENT_PORT/api/v1/automation/webhooks" \
    -d "{\"url\": \"http://127.0.0.1:$RECEIVER_PORT/hook\", \"eventTypes\": [\"deal.won\"], \"description\": \"bench\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

# queues N messages of a realistic size (a deal of some 30 fields) and waits until none is pending; prints seconds
burst() {
    local label=$1
    psql_bench -d "$BENCH_DB" -Atc "update webhook_subscriptions set enabled = true, failing_since = null where id = $SUBSCRIPTION"
    local start end
    start=$(date +%s.%N)
    psql_bench -d "$BENCH_DB" -Atc "insert into webhook_deliveries (message_id, subscription_id, event_type, payload, next_attempt_at)
        select 'msg_' || substr(md5('$label' || g), 1, 26), $SUBSCRIPTION, 'deal.won',
               json_build_object('type', 'deal.won', 'timestamp', now(), 'data', json_build_object('id', g,
                   'name', 'Bench deal ' || g, 'amount', 1200.50, 'currency', 'PLN', 'status', 'WON',
                   'stageId', 5, 'pipelineId', 1, 'companyId', 1000 + g % 500, 'ownerId', 1,
                   'expectedCloseDate', current_date, 'closedAt', now(), 'createdAt', now(), 'updatedAt', now(),
                   'description', repeat('x', 400), 'version', 3, 'changed', json_build_array('status', 'closedAt'),
                   'previous', json_build_object('status', 'OPEN', 'closedAt', null)))::text, now()
        from generate_series(1, $N) g" >/dev/null
    while [ "$(psql_bench -d "$BENCH_DB" -Atc "select count(*) from webhook_deliveries where state = 'PENDING'")" != 0 ]; do
        sleep 0.2
    done
    end=$(date +%s.%N)
    python3 -c "print($end - $start)"
}

receiver_start steady
STEADY=$(burst steady)
receiver_stop
receiver_start flaky
FLAKY=$(burst flaky)
receiver_stop
facts=$(psql_bench -d "$BENCH_DB" -Atc "select count(*) filter (where state = 'DELIVERED') || ' delivered, '
    || count(*) filter (where state <> 'DELIVERED') || ' not; ' || (select count(*) from webhook_attempts) || ' attempts'
    from webhook_deliveries")
rate() { python3 -c "print(f'{$1 / $2:,.0f}')"; }
{
    echo "## Webhooks: $(grouped "$N") deliveries to a local receiver — $(date -u +%Y-%m-%d)"
    echo
    machine
    echo "Receiver: Python's ThreadingHTTPServer on the same machine (HTTP/1.1 keep-alive), answering 204."
    echo
    echo "| run | messages | seconds | deliveries per second |"
    echo "|---|---:|---:|---:|"
    echo "| every answer 204 | $(grouped "$N") | $(printf '%.1f' "$STEADY") | $(rate "$N" "$STEADY") |"
    echo "| every other message refused once (503), retried after 5 s | $(grouped "$N") | $(printf '%.1f' "$FLAKY") | $(rate "$N" "$FLAKY") |"
    echo
    echo "Afterwards: $facts (the second run writes two attempts for about half of its messages)."
} | tee target/bench/webhooks.md
