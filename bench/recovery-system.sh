# Sourced by bench/broker-restart-resume.sh and bench/postgres-restart-under-load.sh: starts a system of its own
# (emulator, SyncWorker, API from BENCH_REPO's Release build) on the PostgreSQL and RabbitMQ of `./dev.sh services`
# (same AP_* variables), in a database and a RabbitMQ prefix of its own, and removes all of it on exit.
# BENCH_REPO (default: this checkout) lets the same script measure another build, e.g. an export of an older commit.

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_REPO="${BENCH_REPO:-$HERE}"
PG_PORT="${AP_PG_PORT:-55432}"
AMQP_PORT="${AP_AMQP_PORT:-5673}"
BASE_PORT="${BENCH_BASE_PORT:-5680}"
RUN="recbench$(date +%s)$$"
WORK="$(mktemp -d "/tmp/$RUN.XXXX")"
API_URL="http://127.0.0.1:$BASE_PORT"
WORKER_URL="http://127.0.0.1:$((BASE_PORT + 1))"
EMULATOR_URL="http://127.0.0.1:$((BASE_PORT + 2))"
DEV=(env "AP_DEV_DIR=${AP_DEV_DIR:-/tmp/agentprovision-dev}" "AP_PG_PORT=$PG_PORT" "AP_AMQP_PORT=$AMQP_PORT"
  "AP_RABBIT_NODE=${AP_RABBIT_NODE:-agentprovision@localhost}" "$HERE/dev.sh")
export PGPASSWORD=postgres
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1)
PIDS=()

say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
now() { date +%s.%N; }
dll() { echo "$BENCH_REPO/src/$1/bin/Release/net10.0/AgentProvision.$1.dll"; }

start_system() {
  for app in Api SyncWorker McpEmulator; do [ -f "$(dll $app)" ] || { say "build first: $(dll $app) is missing"; exit 2; }; done
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $RUN" >/dev/null
  local common=("ConnectionStrings__Postgres=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=$RUN"
    "RabbitMq__Uri=amqp://guest:guest@127.0.0.1:$AMQP_PORT/" "RabbitMq__Prefix=$RUN" "Mcp__ServerUrl=$EMULATOR_URL"
    "Mcp__ApiKey=bench-key" "Jwt__SigningKey=bench-only-signing-key-0123456789-abcdefghij" "Storage__Root=$WORK/storage"
    "Logging__LogLevel__Default=Warning" "Logging__LogLevel__AgentProvision=Information")
  env "${common[@]}" dotnet "$(dll Api)" migrate >/dev/null
  launch emulator McpEmulator "$EMULATOR_URL" Emulator__ApiKey=bench-key
  launch worker SyncWorker "$WORKER_URL" "${common[@]}"
  launch api Api "$API_URL" "${common[@]}"
  wait_http "$EMULATOR_URL/agentprovision/v1/health" && wait_http "$WORKER_URL/health/ready" && wait_http "$API_URL/health/ready"
  TOKEN=$(curl -fsS -X POST "$API_URL/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"tenant_name\":\"$RUN\",\"email\":\"$RUN@example.com\",\"password\":\"bench-password-1\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
}

launch() { # name project url env...
  local name=$1 project=$2 url=$3; shift 3
  env -C "$(dirname "$(dll "$project")")" "$@" ASPNETCORE_URLS="$url" DOTNET_ENVIRONMENT=Production \
    setsid dotnet "$(dll "$project")" > "$WORK/$name.log" 2>&1 < /dev/null &
  PIDS+=($!)
}

wait_http() {
  for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.25; done
  say "no answer on $1; logs in $WORK"; exit 1
}

# POST a notebook; prints its id.
create_notebook() {
  curl -fsS -X POST "$API_URL/api/v1/notebooks" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"content\":\"print(1)\"}" | sed -E 's/^\{"id":"([^"]+)".*/\1/'
}

sync_status() {
  curl -fsS "$API_URL/api/v1/notebooks/$1" -H "Authorization: Bearer $TOKEN" | sed -E 's/.*"sync":\{"status":"([a-z_]+)".*/\1/'
}

wait_synced() { # id timeout-seconds
  local deadline; deadline=$(echo "$(now) + $2" | bc)
  until [ "$(sync_status "$1")" = synced ]; do
    (( $(echo "$(now) > $deadline" | bc) )) && { say "notebook $1 not synced within $2 s; logs in $WORK"; return 1; }
    sleep 0.05
  done
}

stop_system() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  "${DEV[@]}" rabbitmq-start >/dev/null 2>&1 || true
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $RUN WITH (FORCE)" >/dev/null 2>&1 || say "drop database $RUN by hand"
  local ctl=/usr/lib/rabbitmq/bin/rabbitmqctl node="${AP_RABBIT_NODE:-agentprovision@localhost}"
  for queue in $("$ctl" -q -n "$node" list_queues name 2>/dev/null | grep "^$RUN" || true); do
    "$ctl" -q -n "$node" delete_queue "$queue" >/dev/null 2>&1 || true
  done
  # Exchanges named $RUN… stay (rabbitmqctl cannot delete them); they hold nothing.
  rm -rf "$WORK"
}
