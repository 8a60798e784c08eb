#!/usr/bin/env bash
# As much of the three images as a machine without a Docker engine can run: each Dockerfile's build stage (restore,
# then `dotnet publish -c Release -p:UseAppHost=false`) on the host's SDK, from a copy of what the Dockerfiles COPY
# (the build props and src/ without bin/ and obj/, as .dockerignore leaves it); then, as the images do, each app from
# its publish folder as the non-root user 1654 on port 8080's stand-in: the migration job's `migrate` (must exit 0),
# then the emulator, the worker and the API until their HEALTHCHECK command (curl on the health endpoint) succeeds.
# Not covered: the base images, the runtime stage's apt step, the engine itself. Needs PostgreSQL and RabbitMQ
# (./dev.sh services, same AP_* variables); takes minutes (three publishes), so it is not part of CI.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
eval "$("$REPO/dev.sh" services)"
API_PORT=${AP_DRY_API_PORT:-5480} WORKER_PORT=${AP_DRY_WORKER_PORT:-5481} EMULATOR_PORT=${AP_DRY_EMULATOR_PORT:-5490}
APP_UID=1654   # the aspnet image's app user
CTX=$(mktemp -d /tmp/ap-dry-build.XXXXXX)
chmod 755 "$CTX"
DB="ap_dry_$(date +%s)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  PGPASSWORD=postgres psql -h 127.0.0.1 -p "${AP_PG_PORT:-55432}" -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$CTX"
}
trap cleanup EXIT

log() { printf '[dry-build] %s\n' "$*"; }
cp "$REPO/Directory.Build.props" "$REPO/Directory.Packages.props" "$CTX/"
(cd "$REPO" && tar --exclude=bin --exclude=obj -cf - src) | tar -C "$CTX" -xf -
for app in Api SyncWorker McpEmulator; do
  project="$CTX/src/$app/AgentProvision.$app.csproj"
  log "publish $app (as src/$app/Dockerfile does)"
  dotnet restore "$project" -v q >/dev/null
  dotnet publish "$project" -c Release --no-restore -o "$CTX/app/$app" -p:UseAppHost=false -v q -clp:ErrorsOnly >/dev/null
done
mkdir -p "$CTX/storage" && chown "$APP_UID" "$CTX/storage"

as_app_user() { # dir, then env assignments and the command
  local dir=$1; shift
  (cd "$dir" && setpriv --reuid="$APP_UID" --regid="$APP_UID" --clear-groups env HOME=/tmp "$@")
}
common=("ConnectionStrings__Postgres=$AP_TEST_POSTGRES;Database=$DB" "RabbitMq__Uri=$AP_TEST_RABBITMQ"
  "RabbitMq__Prefix=$DB" "Mcp__ServerUrl=http://127.0.0.1:$EMULATOR_PORT" "Mcp__ApiKey=dry-key"
  "Jwt__SigningKey=dry-build-only-signing-key-0123456789abcdef" "Storage__Root=$CTX/storage"
  "Database__MigrateOnStartup=false" "ASPNETCORE_ENVIRONMENT=Production" "DOTNET_ENVIRONMENT=Production")

PGPASSWORD=postgres psql -h 127.0.0.1 -p "${AP_PG_PORT:-55432}" -U postgres -qc "CREATE DATABASE $DB" >/dev/null
log "migrate job: dotnet AgentProvision.Api.dll migrate (as uid $APP_UID)"
as_app_user "$CTX/app/Api" "${common[@]}" dotnet AgentProvision.Api.dll migrate > "$CTX/migrate.log" 2>&1 \
  || { tail -20 "$CTX/migrate.log"; exit 1; }

start() { # name dll port; exec, so the pid kept is the app's own and cleanup stops it
  (cd "$CTX/app/$1" && exec setpriv --reuid="$APP_UID" --regid="$APP_UID" --clear-groups env HOME=/tmp "${common[@]}" \
    Emulator__ApiKey=dry-key ASPNETCORE_HTTP_PORTS="$3" dotnet "$2") > "$CTX/$1.log" 2>&1 &
  pids+=($!)
}
healthy() { # name url: the Dockerfile's HEALTHCHECK command, retried like its start period
  for _ in $(seq 1 120); do curl -fsS "$2" >/dev/null 2>&1 && { log "$1 healthy: $2"; return; }; sleep 0.5; done
  tail -20 "$CTX/$1.log"; log "$1 never became healthy"; exit 1
}
start McpEmulator AgentProvision.McpEmulator.dll "$EMULATOR_PORT"
start SyncWorker AgentProvision.SyncWorker.dll "$WORKER_PORT"
start Api AgentProvision.Api.dll "$API_PORT"
healthy emulator "http://127.0.0.1:$EMULATOR_PORT/agentprovision/v1/health"
healthy worker "http://127.0.0.1:$WORKER_PORT/health/ready"
healthy api "http://127.0.0.1:$API_PORT/health/ready"
log "ok: three publishes, migrate, and all three apps healthy as uid $APP_UID"
