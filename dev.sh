#!/usr/bin/env bash
# AgentProvision Sync: one script for a fresh machine.
#   ./dev.sh up     start PostgreSQL, RabbitMQ, the MCP emulator, the SyncWorker and the API; print where to reach them.
#                   Stays in the foreground; Ctrl-C stops everything it started.
#   ./dev.sh test   run all tests (starts PostgreSQL and RabbitMQ first when they are not running).
#   ./dev.sh down   stop everything `up` or `test` started.
#   ./dev.sh services   start only PostgreSQL and RabbitMQ, and print the environment the tests read.
#   ./dev.sh postgres-restart | rabbitmq-stop | rabbitmq-start   real outages, for the recovery tests and bench/.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${AP_DEV_DIR:-/tmp/agentprovision-dev}"
PG_PORT="${AP_PG_PORT:-55432}"
AMQP_PORT="${AP_AMQP_PORT:-5673}"
RABBIT_NODE="${AP_RABBIT_NODE:-agentprovision@localhost}"
API_URL="${AP_API_URL:-http://127.0.0.1:5080}"
WORKER_URL="${AP_WORKER_URL:-http://127.0.0.1:5081}"
EMULATOR_URL="${AP_EMULATOR_URL:-http://127.0.0.1:5090}"
CONFIGURATION="${AP_CONFIGURATION:-Release}"
# AP_WORKERS=N: N SyncWorkers on the one database and broker; the first on AP_WORKER_URL, the next on its port + 1, …
WORKERS="${AP_WORKERS:-1}"
PG_BIN="/usr/lib/postgresql/15/bin"
# The plain CLI, not /usr/sbin's wrapper: the wrapper switches to the rabbitmq user, whose Erlang cookie is not the server's.
RABBITMQCTL=/usr/lib/rabbitmq/bin/rabbitmqctl

PG_CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres"
# The dev operator (Ops__Operators) for the dashboard at /ops; local use only.
OPS_EMAIL="ops@example.com"
OPS_PASSWORD="ops-password-1"
AMQP_URI="amqp://guest:guest@127.0.0.1:$AMQP_PORT/"

log() { printf '\033[1m[dev]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[dev] %s\033[0m\n' "$*" >&2; exit 1; }

ensure_packages() {
  local missing=()
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} with apt-get (needs root)"
    apt-get update -qq
    # The package's own service start is refused in containers; we run the servers ourselves below.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The ops dashboard's browser test drives Debian's chromium (Playwright never downloads a browser).
ensure_test_packages() {
  command -v chromium >/dev/null && return
  log "installing chromium with apt-get (needs root) for the ops dashboard's browser test"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

pg_running() { runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$STATE/pg/data" status >/dev/null 2>&1; }

start_postgres() {
  mkdir -p "$STATE/pg"
  chown postgres:postgres "$STATE/pg"
  chmod 755 "$STATE"
  if pg_running; then log "PostgreSQL already running on 127.0.0.1:$PG_PORT"; return; fi
  if [ ! -f "$STATE/pg/data/PG_VERSION" ]; then
    log "initialising PostgreSQL data directory in $STATE/pg/data"
    echo postgres > "$STATE/pg/pwfile"; chown postgres "$STATE/pg/pwfile"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$STATE/pg/data" -U postgres --pwfile="$STATE/pg/pwfile" \
      -A scram-sha-256 -E UTF8 >/dev/null
  fi
  mkdir -p "$STATE/pg/run"; chown postgres:postgres "$STATE/pg/run"
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$STATE/pg/data" -l "$STATE/pg/server.log" -w -t 60 \
    -o "-p $PG_PORT -h 127.0.0.1 -k $STATE/pg/run -c max_connections=300 -c fsync=${AP_PG_FSYNC:-on}" start >/dev/null \
    || { tail -20 "$STATE/pg/server.log"; die "PostgreSQL did not start"; }
  touch "$STATE/pg/started-by-dev"
}

rabbit_env() {
  export RABBITMQ_NODENAME="$RABBIT_NODE" RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_DIST_PORT=$((AMQP_PORT + 20000))
  export RABBITMQ_MNESIA_BASE="$STATE/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$STATE/rabbitmq/log"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$STATE/rabbitmq/enabled_plugins"
}

rabbit_running() { rabbit_env; "$RABBITMQCTL" -q -n "$RABBIT_NODE" status >/dev/null 2>&1; }

start_rabbitmq() {
  if rabbit_running; then log "RabbitMQ already running on 127.0.0.1:$AMQP_PORT"; return; fi
  rabbit_env
  mkdir -p "$STATE/rabbitmq/log" "$STATE/rabbitmq/mnesia"
  [ -f "$RABBITMQ_ENABLED_PLUGINS_FILE" ] || echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  log "starting RabbitMQ node $RABBIT_NODE on 127.0.0.1:$AMQP_PORT"
  setsid /usr/lib/rabbitmq/bin/rabbitmq-server > "$STATE/rabbitmq/server.out" 2>&1 < /dev/null &
  echo $! > "$STATE/rabbitmq/pid"
  # await_startup gives up at once while the node is not yet known to epmd, so ask again until it answers.
  local deadline=$(( $(date +%s) + 120 ))
  until timeout 30 "$RABBITMQCTL" -q -n "$RABBIT_NODE" await_startup --timeout 20 >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$STATE/rabbitmq/pid")" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      tail -30 "$STATE/rabbitmq/server.out"; die "RabbitMQ did not start; its log is in $STATE/rabbitmq/log"
    fi
    sleep 1
  done
  touch "$STATE/rabbitmq/started-by-dev"
}

stop_services() {
  if [ -f "$STATE/rabbitmq/started-by-dev" ]; then
    log "stopping RabbitMQ"; rabbit_env; "$RABBITMQCTL" -q -n "$RABBIT_NODE" stop >/dev/null 2>&1 || true
    rm -f "$STATE/rabbitmq/started-by-dev"
  fi
  if [ -f "$STATE/pg/started-by-dev" ]; then
    log "stopping PostgreSQL"; runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$STATE/pg/data" -m fast stop >/dev/null 2>&1 || true
    rm -f "$STATE/pg/started-by-dev"
  fi
}

test_env() {
  export AP_TEST_POSTGRES="$PG_CONN" AP_TEST_RABBITMQ="$AMQP_URI"
  # How the recovery tests restart these very servers (this script, with this state folder, ports and node).
  export AP_TEST_SERVICES="AP_DEV_DIR=$STATE AP_PG_PORT=$PG_PORT AP_AMQP_PORT=$AMQP_PORT AP_RABBIT_NODE=$RABBIT_NODE $REPO/dev.sh"
}

# A fast restart (-m fast: sessions are ended, in-flight transactions roll back), as a failover or an upgrade does.
cmd_postgres_restart() {
  pg_running || die "PostgreSQL is not running in $STATE"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$STATE/pg/data" -l "$STATE/pg/server.log" -m fast -w -t 60 restart >/dev/null \
    || { tail -20 "$STATE/pg/server.log"; die "PostgreSQL did not restart"; }
}

cmd_rabbitmq_stop() {
  rabbit_env; "$RABBITMQCTL" -q -n "$RABBIT_NODE" stop >/dev/null 2>&1 || die "RabbitMQ node $RABBIT_NODE did not stop"
}

# Starts the node again; whoever started it first (dev.sh or not) still owns stopping it.
cmd_rabbitmq_start() {
  local owned=0
  [ -f "$STATE/rabbitmq/started-by-dev" ] && owned=1
  start_rabbitmq
  [ $owned = 1 ] || rm -f "$STATE/rabbitmq/started-by-dev"
}

start_app() { # name dll url [env...]
  local name=$1 dll=$2 url=$3; shift 3
  mkdir -p "$STATE/apps"
  log "starting $name on $url"
  # Run from the build folder: that is the content root, where each app's appsettings.json lives.
  # Everything shares this machine's cores. Requests come first: the workers' syncs are eventual by design, and the
  # emulator stands in for a connector that runs elsewhere; they get the CPU the API leaves (AP_BACKGROUND_NICE=0: equal).
  local priority=0
  [ "$name" = api ] || priority="${AP_BACKGROUND_NICE:-10}"
  env -C "$(dirname "$dll")" "$@" ASPNETCORE_URLS="$url" DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development \
    setsid nice -n "$priority" dotnet "$dll" > "$STATE/apps/$name.log" 2>&1 < /dev/null &
  echo $! > "$STATE/apps/$name.pid"
  [ "$priority" = 0 ] || session_priority $! "$priority"
}

# setsid gives each app a session of its own, and with the kernel's autogroup scheduling (on by default) a process's
# nice value only ranks it against its own session's threads: sessions share the CPU by the group's nice. So the
# background apps' group gets the nice too; without it nice 10 changed nothing against the API or PostgreSQL.
session_priority() { # pid nice
  local own; own=$(cut -d' ' -f1 /proc/self/autogroup 2>/dev/null) || return 0
  for _ in $(seq 1 50); do   # until setsid has run in the child
    local group; group=$(cut -d' ' -f1 "/proc/$1/autogroup" 2>/dev/null) || return 0
    if [ "$group" != "$own" ]; then echo "$2" > "/proc/$1/autogroup" 2>/dev/null || true; return 0; fi
    sleep 0.02
  done
}

wait_http() { # name url
  for _ in $(seq 1 120); do curl -fs "$2" >/dev/null 2>&1 && return 0; sleep 0.5; done
  tail -30 "$STATE/apps/$1.log"; die "$1 did not answer on $2; its log is $STATE/apps/$1.log"
}

stop_apps() {
  for pidfile in "$STATE"/apps/*.pid; do
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then log "stopping $(basename "$pidfile" .pid)"; kill "$pid" 2>/dev/null || true; fi
    rm -f "$pidfile"
  done
}

# The URLs of the AP_WORKERS workers: AP_WORKER_URL, then the same host on the following ports.
worker_urls() {
  local base=${WORKER_URL%:*} port=${WORKER_URL##*:}
  for i in $(seq 0 $((WORKERS - 1))); do echo "$base:$((port + i))"; done
}

# "worker" for the first (its log stays apps/worker.log), "worker-<port>" for the others.
worker_name() { [ "$1" = "$WORKER_URL" ] && echo worker || echo "worker-${1##*:}"; }

bin_of() { echo "$REPO/src/$1/bin/$CONFIGURATION/net10.0/AgentProvision.$1.dll"; }

# A broker kept from before the sync queue became a quorum queue still has it as a classic queue, which cannot be
# redeclared as quorum (PRECONDITION_FAILED): drop the old ones (the reconciler re-sends what they held).
drop_classic_sync_queues() {
  local queue
  rabbit_env
  for queue in $("$RABBITMQCTL" -q -n "$RABBIT_NODE" list_queues name type arguments 2>/dev/null \
      | awk '$1 ~ /^resource-sync(_error|_skipped)?$/ && ($2 == "classic" || ($1 == "resource-sync" && $0 !~ /x-dead-letter-exchange/)) {print $1}'); do
    log "deleting the old classic queue $queue (the sync queue is a quorum queue now)"
    "$RABBITMQCTL" -q -n "$RABBIT_NODE" delete_queue "$queue" >/dev/null
  done
}

cmd_up() {
  ensure_packages
  start_postgres
  start_rabbitmq
  drop_classic_sync_queues
  log "building ($CONFIGURATION)"
  dotnet build "$REPO/AgentProvision.sln" -c "$CONFIGURATION" -nologo -v q -clp:ErrorsOnly >/dev/null || die "build failed"
  local common=("ConnectionStrings__Postgres=$PG_CONN;Database=agentprovision" "RabbitMq__Uri=$AMQP_URI"
    "Mcp__ServerUrl=$EMULATOR_URL" "Mcp__ApiKey=dev-connector-key" "Jwt__SigningKey=dev-only-signing-key-change-me-0123456789abcdef"
    "Storage__Root=$STATE/storage")
  log "applying database migrations"
  env "${common[@]}" dotnet "$(bin_of Api)" migrate >/dev/null || die "migrations failed"
  start_app emulator "$(bin_of McpEmulator)" "$EMULATOR_URL" Emulator__ApiKey=dev-connector-key
  for url in $(worker_urls); do
    start_app "$(worker_name "$url")" "$(bin_of SyncWorker)" "$url" "${common[@]}"
  done
  # The API reads queue depths for the ops dashboard (RabbitMq__Uri, in common) and knows one operator.
  start_app api "$(bin_of Api)" "$API_URL" "${common[@]}" "Ops__Operators=$OPS_EMAIL"
  wait_http emulator "$EMULATOR_URL/agentprovision/v1/health"
  for url in $(worker_urls); do wait_http "$(worker_name "$url")" "$url/health/live"; done
  wait_http api "$API_URL/health/ready"
  local token
  token=$(curl -fs -X POST "$API_URL/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d '{"email":"demo@example.com","password":"demo-password-1"}' 2>/dev/null \
    || curl -fs -X POST "$API_URL/api/v1/auth/register" -H 'Content-Type: application/json' \
      -d '{"tenant_name":"Demo","email":"demo@example.com","password":"demo-password-1","full_name":"Demo User"}')
  token=$(printf '%s' "$token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  # The operator of the ops dashboard: a user of its own tenant, whose token carries the role operator.
  curl -fs -X POST "$API_URL/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"email\":\"$OPS_EMAIL\",\"password\":\"$OPS_PASSWORD\"}" >/dev/null 2>&1 \
    || curl -fs -X POST "$API_URL/api/v1/auth/register" -H 'Content-Type: application/json' \
      -d "{\"tenant_name\":\"Operations\",\"email\":\"$OPS_EMAIL\",\"password\":\"$OPS_PASSWORD\",\"full_name\":\"Operator\"}" >/dev/null \
    || die "could not register the operator $OPS_EMAIL"
  smoke_check "$token"
  cat <<INFO

AgentProvision Sync is up.
  API          $API_URL   (OpenAPI: $API_URL/openapi/v1.json, health: $API_URL/health/ready)
  SyncWorker   $(worker_urls | sed 's#$#/health/ready#' | paste -sd ' ')
  MCP emulator $EMULATOR_URL   (introspection: $EMULATOR_URL/_emulator/objects)
  PostgreSQL   $PG_CONN;Database=agentprovision
  RabbitMQ     $AMQP_URI
  Logs         $STATE/apps/*.log

Demo tenant: demo@example.com / demo-password-1
  export TOKEN=$token

Tenant console: $API_URL/console   (sign in as demo@example.com / demo-password-1, or register a new tenant)
Ops dashboard: $API_URL/ops   (sign in as the operator $OPS_EMAIL / $OPS_PASSWORD)

Create a notebook and watch it sync:
  curl -s -X POST $API_URL/api/v1/notebooks -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"name":"hello","language":"PYTHON","content":"print(1)"}'
  curl -s $API_URL/api/v1/notebooks -H "Authorization: Bearer \$TOKEN"

Upload a CSV as a dataset, query it, and see where it stands in Databricks:
  printf 'region,amount\\nnorth,10.5\\nsouth,20\\n' > /tmp/sales.csv
  curl -s -X POST $API_URL/api/v1/datasets/upload -H "Authorization: Bearer \$TOKEN" -F name=sales -F file=@/tmp/sales.csv
  curl -s -X POST $API_URL/api/v1/datasets/<id>/query -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"sql":"SELECT region, sum(amount) AS total FROM dataset GROUP BY region","limit":100}'
  curl -s $API_URL/api/v1/datasets/<id>/databricks/status -H "Authorization: Bearer \$TOKEN"

The tenant's Databricks side (catalog, connector health, sync percentages):
  curl -s -X POST $API_URL/api/v1/databricks/initialize -H "Authorization: Bearer \$TOKEN"
  curl -s $API_URL/api/v1/databricks/status -H "Authorization: Bearer \$TOKEN"
  curl -s $API_URL/api/v1/databricks/usage -H "Authorization: Bearer \$TOKEN"

Ctrl-C (or ./dev.sh down) stops everything.
INFO
  trap 'echo; cmd_down; exit 0' INT TERM
  while true; do sleep 3600 & wait $!; done
}

# Sends one notebook through the whole pipeline (API → outbox → RabbitMQ → worker → emulator → write-back) before
# saying the system is up: it proves the parts talk to each other, and it warms them, so the first request a
# newcomer sends is not the one that pays for JIT compilation and connection pools.
smoke_check() {
  local token=$1 created id status=""
  created=$(curl -fs -X POST "$API_URL/api/v1/notebooks" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"welcome","language":"PYTHON","content":"print(\"welcome to AgentProvision\")"}') || die "the API refused the smoke-check notebook"
  id=$(printf '%s' "$created" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  for _ in $(seq 1 300); do
    status=$(curl -fs "$API_URL/api/v1/notebooks/$id" -H "Authorization: Bearer $token" | sed -E 's/.*"sync":\{"status":"([a-z_]+)".*/\1/')
    [ "$status" = synced ] && { log "smoke check: a notebook went through the whole pipeline and is synced"; return; }
    sleep 0.1
  done
  die "smoke check: notebook $id is still '$status' after 30 s; see $STATE/apps/worker.log"
}

cmd_down() { stop_apps; stop_services; }

cmd_services() {
  ensure_packages
  start_postgres
  start_rabbitmq
  test_env
  echo "export AP_TEST_POSTGRES='$AP_TEST_POSTGRES'"
  echo "export AP_TEST_RABBITMQ='$AP_TEST_RABBITMQ'"
  echo "export AP_TEST_SERVICES='$AP_TEST_SERVICES'"
}

cmd_test() {
  if [ -z "${AP_TEST_POSTGRES:-}" ] || [ -z "${AP_TEST_RABBITMQ:-}" ]; then
    ensure_packages
    local had_pg=0 had_rabbit=0
    pg_running && had_pg=1
    rabbit_running && had_rabbit=1
    # Stop what this run starts, even when it fails half-way; leave running what was running before.
    trap stop_services EXIT
    start_postgres
    start_rabbitmq
    [ $had_pg = 1 ] && rm -f "$STATE/pg/started-by-dev"
    [ $had_rabbit = 1 ] && rm -f "$STATE/rabbitmq/started-by-dev"
    test_env
  fi
  ensure_test_packages
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  log "building ($CONFIGURATION)"
  dotnet build "$REPO/AgentProvision.sln" -c "$CONFIGURATION" -nologo -clp:ErrorsOnly
  log "running all tests (PostgreSQL: $AP_TEST_POSTGRES; RabbitMQ: $AP_TEST_RABBITMQ)"
  dotnet test "$REPO/AgentProvision.sln" -c "$CONFIGURATION" --no-build --logger "console;verbosity=normal" "$@"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  test) shift; cmd_test "$@" ;;
  services) cmd_services ;;
  postgres-restart) cmd_postgres_restart ;;
  rabbitmq-stop) cmd_rabbitmq_stop ;;
  rabbitmq-start) cmd_rabbitmq_start ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
