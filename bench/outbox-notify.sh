#!/usr/bin/env bash
# What a NOTIFY inside the write transaction costs (DESIGN.md §7), and so why the outbox no longer has an insert
# trigger: pgbench commits single-row outbox inserts on a scratch database migrated like production, first as
# production does now (no trigger: the API notifies after commit, coalesced, off the write path), then with the
# original statement-level NOTIFY trigger put back. Needs PostgreSQL from ./dev.sh services.
#   bench/outbox-notify.sh [clients] [seconds]
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENTS="${1:-4}"
SECONDS_EACH="${2:-15}"
PG_PORT="${AP_PG_PORT:-55432}"
DB="ap_bench_notify"
export PGPASSWORD=postgres
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -v ON_ERROR_STOP=1)
PGBENCH=/usr/lib/postgresql/15/bin/pgbench

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
trap '"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
dotnet build "$REPO/src/Api" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=$DB" \
  Jwt__SigningKey=bench-only-signing-key-0123456789abcdef \
  dotnet "$REPO/src/Api/bin/Release/net10.0/AgentProvision.Api.dll" migrate >/dev/null

script=$(mktemp)
cat > "$script" <<'SQL'
INSERT INTO outbox_messages (id, tenant_id, resource_type, resource_id, message_type, payload, created_at, attempts)
VALUES (gen_random_uuid(), gen_random_uuid(), 'notebook', gen_random_uuid(), 'notebook.sync-requested',
        '{"TenantId":"00000000-0000-0000-0000-000000000000","NotebookId":"00000000-0000-0000-0000-000000000000","Generation":1}', now(), 0);
SQL

run() { # label
  local out
  out=$("$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -c "$CLIENTS" -j "$CLIENTS" -T "$SECONDS_EACH" -r -f "$script" "$DB" 2>&1)
  printf '%-12s %s, %s\n' "$1" "$(grep -oE 'tps = [0-9.]+' <<<"$out" | head -1)" "$(grep -oE 'latency average = [0-9.]+ ms' <<<"$out")"
}

echo "outbox insert, $CLIENTS clients, ${SECONDS_EACH}s each (one row per transaction)"
run "no trigger"
"${PSQL[@]}" -d "$DB" <<'SQL'
CREATE FUNCTION notify_outbox_messages_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_messages_inserted', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_messages_inserted AFTER INSERT ON outbox_messages
    FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_messages_inserted();
SQL
run "NOTIFY trigger"
rm -f "$script"
