# Shared by the benchmark scripts: Debian's PostgreSQL, the benchmark database, the Klient jar, the machine.
# Source it from a script run at the repository root.
set -euo pipefail
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
BENCH_DB=klient_bench
BENCH_PASSWORD=bench
KLIENT_PORT=8089

# Starts the cluster (tuned once for a million-row database: 1 GB shared buffers, 4 GB of WAL between checkpoints)
pg_start() {
    if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main"' | grep -q .; then
        as_root pg_createcluster "$PG_VERSION" main >/dev/null
    fi
    if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
        as_root pg_ctlcluster "$PG_VERSION" main start
    fi
    PG_PORT=$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $3}')
    if [ "$(as_postgres psql -p "$PG_PORT" -Atc 'show shared_buffers')" != "1GB" ]; then
        as_postgres psql -q -p "$PG_PORT" -c "alter system set shared_buffers = '1GB'" \
            -c "alter system set max_wal_size = '4GB'" -c "alter system set work_mem = '16MB'" \
            -c "alter system set maintenance_work_mem = '512MB'"
        as_root pg_ctlcluster "$PG_VERSION" main restart
    fi
    export PG_PORT
}

# A new, empty database owned by the benchmark role
db_create() {
    local db=$1
    as_postgres psql -q -p "$PG_PORT" -c "drop database if exists $db" \
        -c "do \$\$ begin if not exists (select from pg_roles where rolname = 'klient_bench') then
              create role klient_bench login password '$BENCH_PASSWORD'; end if; end \$\$" \
        -c "create database $db owner klient_bench encoding 'UTF8' template template0"
}

psql_bench() { PGPASSWORD=$BENCH_PASSWORD psql -X -q -h localhost -p "$PG_PORT" -U klient_bench "$@"; }

jar_build() {
    if [ -z "${KLIENT_JAR:-}" ]; then
        ./mvnw -B -q -DskipTests package
        KLIENT_JAR=$(ls target/klient-*.jar | head -1)
    fi
    export KLIENT_JAR
}

# The benchmark database is kept between runs, so its secret key is a fixed one: for this throwaway database only
BENCH_SECRET_KEY=$(printf 'klient-benchmark-only-key-32byte' | base64)

klient_env() {
    export SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$PG_PORT/$1" SPRING_DATASOURCE_USERNAME=klient_bench \
        SPRING_DATASOURCE_PASSWORD=$BENCH_PASSWORD KLIENT_ADMIN_PASSWORD=bench-password-1 KLIENT_DEMO_DATA=false \
        KLIENT_SECRET_KEY=$BENCH_SECRET_KEY
}

# The generated million-contact database, made once and reused by the list, search, card, load and export runs
db_generated() {
    local contacts=${BENCH_CONTACTS:-1000000}
    if [ "$(psql_bench -d $BENCH_DB -Atc "select count(*) from contacts" 2>/dev/null || echo 0)" -lt "$contacts" ]; then
        db_create $BENCH_DB
        klient_env $BENCH_DB
        java -Xmx1g -jar "$KLIENT_JAR" generate --contacts "$contacts" | tee target/bench-generate.log
    fi
}

# Starts Klient on a database with the production settings of the README and waits until it answers. Arguments
# after the database are Klient's (default: its jobs off, so they do not disturb what is measured).
klient_start() {
    klient_env "$1"
    shift
    local args=("$@")
    [ ${#args[@]} -gt 0 ] || args=(--klient.jobs.enabled=false)
    mkdir -p target/bench
    if curl -s -o /dev/null "http://localhost:$KLIENT_PORT/"; then
        echo "Port $KLIENT_PORT is already taken (another Klient?): stop it first" >&2
        exit 1
    fi
    # the production settings of the README: 512 MB of heap, Hikari's 10 connections, Tomcat's 200 threads
    SERVER_PORT=$KLIENT_PORT java ${KLIENT_JAVA_OPTS:--Xmx512m} -Xlog:gc:file=target/bench/gc.log -jar "$KLIENT_JAR" "${args[@]}" \
        > target/bench-klient.log 2>&1 &
    KLIENT_PID=$!
    until curl -sf "http://localhost:$KLIENT_PORT/actuator/health" >/dev/null; do
        kill -0 $KLIENT_PID 2>/dev/null || { tail -30 target/bench-klient.log; exit 1; }
        sleep 1
    done
    TOKEN=$(curl -s -H 'Content-Type: application/json' \
        -d '{"email":"admin@klient.local","password":"bench-password-1"}' \
        "http://localhost:$KLIENT_PORT/api/v1/auth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    export KLIENT_PID TOKEN
}

# Runs the HTTP measurements (bench/java, JDK only) from a second process
http_bench() { java -Xmx1g bench/java/app/klient/bench/HttpBench.java "$@"; }

# Percentile figures of a markdown table are appended with a heading, the machine and a note
report() {
    local title=$1 note=$2 body=$3
    {
        echo
        echo "## $title — $(date -u +%Y-%m-%d)"
        echo
        machine
        echo "$note"
        echo
        echo "$body"
    } | tee -a docs/benchmarks.md
}

# Sequential scans of contacts and companies so far, and the rows they read (PostgreSQL's own counters): a scan
# that stops early (a capped count) reads a few thousand rows; one that reads the table reads it all
seq_scans() {
    psql_bench -d "$BENCH_DB" -Atc "select coalesce(sum(seq_scan), 0) || ' ' || coalesce(sum(seq_tup_read), 0)
        from pg_stat_user_tables where relname in ('contacts', 'companies')"
}

klient_stop() { if [ -n "${KLIENT_PID:-}" ]; then kill "$KLIENT_PID" 2>/dev/null || true; wait "$KLIENT_PID" 2>/dev/null || true; fi; }

machine() {
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem/ {print $2}') GiB;" \
        "PostgreSQL $PG_VERSION (Debian; shared_buffers 1GB, max_wal_size 4GB, work_mem 16MB), on the same machine;" \
        "$(java -version 2>&1 | head -1)."
}

# 1234567 -> 1,234,567 (printf's %'d groups nothing in the C locale)
grouped() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
