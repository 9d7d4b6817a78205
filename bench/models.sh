#!/usr/bin/env bash
# The models (issue 24): training the churn model, the customer groups and the predictive lead score on 200,000
# planted customers, scoring them all, and the same churn training and scoring on a million; then what a salesperson
# waits for the customer card with its churn risk and reasons, the insight API and the customers at risk. Klient with
# -Xmx512m, its training job polled every second. The databases are kept between runs (regenerated only when they
# hold fewer customers than asked; BENCH_FRESH=1 regenerates them); their models and scores are cleared before each
# run. BENCH_MODELS_1M=0 leaves the million out. Run: bash bench/models.sh
cd "$(dirname "$0")/.."
source bench/lib.sh
N=${BENCH_REQUESTS:-100}
pg_start
jar_build

q() { psql_bench -d "$DB" -Atc "$1"; }

# A database of planted customers (companies with invoices and tickets) and leads, made once and reused
db_planted() {
    local customers=$1 leads=$2
    DB=$3
    if [ "${BENCH_FRESH:-0}" = 1 ] || [ "$(q "select count(*) from companies" 2>/dev/null || echo 0)" -lt "$customers" ]; then
        db_create "$DB"
        klient_env "$DB"
        local started=$SECONDS
        java -Xmx1g -jar "$KLIENT_JAR" generate --planted --customers "$customers" --leads "$leads" \
            | tee "target/bench-generate-$DB.log"
        echo "Generated $DB in $((SECONDS - started)) s" | tee -a "target/bench-generate-$DB.log"
    fi
    q "truncate customer_scores; truncate models cascade"
}

# Whether Klient ran out of memory (an OutOfMemoryError is no RuntimeException: the training that meets it stays
# RUNNING until it goes stale, so waiting for its end would wait half an hour)
out_of_memory() { grep -q 'OutOfMemoryError' target/bench-klient.log; }

# Asks for a training of a kind (churn, groups, lead-score) and waits until it ends and, for a version put in use,
# until every customer is scored; sets SECONDS_TRAINED, CASES, QUALITY, STATE, and SCORED (the log's scoring line).
# A training that runs Klient out of memory, or lasts over BENCH_TRAIN_TIMEOUT seconds, is left with its STATE saying so.
train() {
    local kind=$1 id scored_before started=$SECONDS
    scored_before=$(grep -c 'Scored .* customers' target/bench-klient.log || true)
    id=$(curl -sf -X POST -H "Authorization: Bearer $TOKEN" "http://localhost:$KLIENT_PORT/api/v1/models/$kind/trainings" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    until [ "$(q "select state not in ('QUEUED', 'RUNNING') from models where id = $id")" = t ]; do
        kill -0 "$KLIENT_PID" 2>/dev/null || { tail -30 target/bench-klient.log; exit 1; }
        if out_of_memory || [ $((SECONDS - started)) -gt "${BENCH_TRAIN_TIMEOUT:-1200}" ]; then
            STATE=$(out_of_memory && echo "out of memory" || echo "timed out")
            STATE="$STATE (step $(q "select coalesce(step, state) from models where id = $id"))"
            SECONDS_TRAINED=$(q "select round(extract(epoch from now() - started_at)::numeric, 1) from models where id = $id")
            CASES=0 QUALITY=— SCORED=
            echo "$kind: $STATE after $SECONDS_TRAINED s" >&2
            return
        fi
        sleep 1
    done
    IFS='|' read -r STATE SECONDS_TRAINED CASES QUALITY < <(q "select state,
        round(extract(epoch from trained_at - started_at)::numeric, 1), examples, round(quality::numeric, 3)
        from models where id = $id")
    SCORED=
    if [ "$STATE" = ACTIVE ] && [ "$kind" != lead-score ]; then
        until [ "$(grep -c 'Scored .* customers' target/bench-klient.log || true)" -gt "$scored_before" ]; do
            kill -0 "$KLIENT_PID" 2>/dev/null || { tail -30 target/bench-klient.log; exit 1; }
            sleep 1
        done
        SCORED=$(grep -o 'Scored .* ms' target/bench-klient.log | tail -1)
    fi
    echo "$kind: $STATE in $SECONDS_TRAINED s on $CASES cases, quality $QUALITY; $SCORED" >&2
}

# "Scored 123 customers (45 with a churn risk) in 6789 ms" -> seconds, customers
scored_seconds() { echo "$1" | sed -E 's/.* in ([0-9]+) ms/\1/' | awk '{printf "%.1f", $1 / 1000}'; }
scored_customers() { echo "$1" | sed -E 's/Scored ([0-9]+) customers.*/\1/'; }

# Stops Klient, killing it when it has not stopped within 30 seconds (one that ran out of memory may hang in its
# shutdown)
klient_halt() {
    if [ -n "${KLIENT_PID:-}" ] && kill -0 "$KLIENT_PID" 2>/dev/null; then
        kill "$KLIENT_PID"
        for _ in $(seq 30); do kill -0 "$KLIENT_PID" 2>/dev/null || break; sleep 1; done
        kill -9 "$KLIENT_PID" 2>/dev/null || true
        wait "$KLIENT_PID" 2>/dev/null || true
    fi
    KLIENT_PID=
}
trap klient_halt EXIT

# 200,000 customers: the three models, the scoring, and the pages that read them
db_planted 200000 20000 klient_models_200k
klient_start "$DB" --klient.models.poll-every=PT1S
train churn
churn_200k="| training churn | $(grouped "$CASES") cases of 200,000 customers | $SECONDS_TRAINED | 60 | AUC $QUALITY |"
scored_churn_200k=$SCORED
train groups
groups_200k="| training groups | $(grouped "$CASES") cases of 200,000 customers | $SECONDS_TRAINED | — | silhouette $QUALITY |"
scored_200k=$SCORED
train lead-score
leads_200k="| training lead score | $(grouped "$CASES") cases of 20,000 leads | $SECONDS_TRAINED | — | AUC $QUALITY |"
scoring_200k="| scoring (churn and groups) | $(grouped "$(scored_customers "$scored_200k")") customers | $(scored_seconds "$scored_200k") | 30 for a million | ${scored_200k} |"
at_risk=$(q "select customer_id from customer_scores where customer_kind = 'company' and churn_probability is not null
    and jsonb_array_length(reasons) > 0 order by churn_probability desc, customer_id limit 1")
page=$(http_bench latency "http://localhost:$KLIENT_PORT" "login:admin@klient.local:bench-password-1" "$N" \
    "/companies/$at_risk" "/analytics/customers-at-risk")
api=$(http_bench latency "http://localhost:$KLIENT_PORT" "$TOKEN" "$N" "/api/v1/companies/$at_risk/insight" \
    "/api/v1/customers-at-risk")
klient_halt

# A million customers: the churn model and the groups, and the scoring of all of them
steps_1m=
if [ "${BENCH_MODELS_1M:-1}" = 1 ]; then
    db_planted 1000000 20000 klient_models_1m
    klient_start "$DB" --klient.models.poll-every=PT1S
    train churn
    if [ "$STATE" = ACTIVE ]; then
        steps_1m="| training churn | $(grouped "$CASES") cases of 1,000,000 customers | $SECONDS_TRAINED | — | AUC $QUALITY |"
        scored_churn_1m=$SCORED
        scoring="scoring (churn and groups)"
    else
        steps_1m="| training churn | 1,000,000 customers | $SECONDS_TRAINED | — | **$STATE** |"
        scoring="scoring (groups only: no churn model)"
        # a fresh Klient for the groups: the one that ran out of memory is in no state to measure
        klient_halt
        klient_start "$DB" --klient.models.poll-every=PT1S
    fi
    train groups
    if [ "$STATE" = ACTIVE ]; then
        steps_1m="$steps_1m
| training groups | $(grouped "$CASES") cases of 1,000,000 customers | $SECONDS_TRAINED | — | silhouette $QUALITY |"
    else
        steps_1m="$steps_1m
| training groups | 1,000,000 customers | $SECONDS_TRAINED | — | **$STATE** |"
    fi
    if [ -n "$SCORED" ]; then
        steps_1m="$steps_1m
| $scoring | $(grouped "$(scored_customers "$SCORED")") customers | $(scored_seconds "$SCORED") | 30 | ${SCORED} |"
    else
        steps_1m="$steps_1m
| scoring | 1,000,000 customers | — | 30 | not reached: no model trained |"
    fi
    klient_halt
fi

report "Models" \
"Planted customers (\`generate --planted --customers N --leads 20000\`: companies with invoices and tickets, churners
among them); Klient with -Xmx512m on the same machine, its training job polled every second; each model trained alone,
one after another. Training seconds are the model's \`trained_at - started_at\` (for one that ran Klient out of
memory: from its start until the error was in the log); scoring seconds are the log's
\"Scored N customers\" after the groups model went into use (the scoring after the churn model alone:
${scored_churn_200k:-none} on 200,000, ${scored_churn_1m:-not run} on a million). Latency: company $at_risk (the
highest churn risk, with reasons) of the 200,000, the card's budget 150 ms; $N sequential requests each after a warm-up (\`bench/models.sh\`)." \
"| step | data | seconds | target s | result |
|---|---|---|---|---|
$churn_200k
$groups_200k
$leads_200k
$scoring_200k
$steps_1m

| request (200,000 customers) | p50 ms | p95 ms | p99 ms | max ms |
|---|---|---|---|---|
$page
$api"
