#!/usr/bin/env bash
# The drift check's database statements on a large table: the per-interval "which tenants have synced notebooks"
# (AddMissing), a claim of 20 due checks, and one tenant's synced rows with the content hash (the inspector's read),
# for a tenant of 100 and of 50,000 notebooks among 1,000 tenants (150,000 notebooks, ~1 KB of source each).
# Usage: PGPORT=55522 bench/drift-check-cost.sh   (needs psql, a server with user postgres/postgres, and the API built:
# it creates and drops the database drift_bench, migrated with `AgentProvision.Api.dll migrate`).
set -euo pipefail
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-55432} PGUSER=postgres PGPASSWORD=postgres
ROOT=$(cd "$(dirname "$0")/.." && pwd)
API_DLL=$( (ls "$ROOT"/src/Api/bin/{Release,Debug}/net10.0/AgentProvision.Api.dll 2>/dev/null || true) | head -1)
psql -qc "DROP DATABASE IF EXISTS drift_bench" -c "CREATE DATABASE drift_bench"
trap 'psql -d postgres -qc "DROP DATABASE IF EXISTS drift_bench WITH (FORCE)"' EXIT
ConnectionStrings__Postgres="Host=$PGHOST;Port=$PGPORT;Username=postgres;Password=postgres;Database=drift_bench" \
  Jwt__SigningKey=bench-only-signing-key-0123456789-abcdefgh dotnet "$API_DLL" migrate >/dev/null
export PGDATABASE=drift_bench
psql -q <<'SQL'
INSERT INTO tenants (id, name, created_at) SELECT gen_random_uuid(), 't' || i, now() FROM generate_series(1, 1000) i;
CREATE TEMP TABLE sizes AS SELECT id, CASE WHEN row_number() OVER (ORDER BY id) = 1 THEN 50000 ELSE 100 END AS n FROM tenants;
INSERT INTO notebooks (id, name, language, content, tenant_id, generation, synced_generation, sync_status, sync_attempts, metadata_, created_at, updated_at)
SELECT gen_random_uuid(), 'nb', 'PYTHON', repeat('print(' || g || ')  # some source line' || chr(10), 28), s.id, 1, 1, 'synced', 1,
       jsonb_build_object('databricks_path', '/Shared/agentprovision/' || s.id || '/notebook_' || g, 'databricks_object_id', g),
       now(), now()
FROM sizes s, generate_series(1, s.n) g WHERE g <= s.n;
VACUUM ANALYZE notebooks;
SQL
BIG=$(psql -tAc "SELECT tenant_id FROM notebooks GROUP BY tenant_id ORDER BY count(*) DESC LIMIT 1")
SMALL=$(psql -tAc "SELECT tenant_id FROM notebooks GROUP BY tenant_id ORDER BY count(*) LIMIT 1")
echo "notebooks: $(psql -tAc 'SELECT count(*) FROM notebooks'), tenants: 1000"
timed() { psql -qtA -c '\timing on' -c "$1" | grep -E '^Time' | tail -1; }
echo "AddMissing (DISTINCT tenants with synced notebooks → drift_checks):"
timed "INSERT INTO drift_checks (tenant_id, kind, due_at) SELECT DISTINCT tenant_id, 'notebook', now() FROM notebooks WHERE sync_status = 'synced' AND deleted_at IS NULL ON CONFLICT (tenant_id, kind) DO NOTHING"
echo "  again, all present:"
timed "INSERT INTO drift_checks (tenant_id, kind, due_at) SELECT DISTINCT tenant_id, 'notebook', now() FROM notebooks WHERE sync_status = 'synced' AND deleted_at IS NULL ON CONFLICT (tenant_id, kind) DO NOTHING"
echo "Claim of 20 due checks:"
timed "UPDATE drift_checks AS c SET due_at = now() + interval '5 minutes', claimed_by = 'bench', claimed_at = now() FROM (SELECT tenant_id, kind FROM drift_checks WHERE due_at <= now() AND kind = ANY('{notebook}') ORDER BY due_at LIMIT 20 FOR UPDATE SKIP LOCKED) AS due WHERE c.tenant_id = due.tenant_id AND c.kind = due.kind"
rows() { psql -qtA -c '\timing on' -c "SELECT count(*) FROM (SELECT id, generation, metadata_ ->> 'databricks_path', CASE WHEN jsonb_typeof(metadata_ -> 'databricks_object_id') = 'number' THEN (metadata_ ->> 'databricks_object_id')::bigint END, encode(sha256(convert_to(content, 'UTF8')), 'hex') FROM notebooks WHERE tenant_id = '$1' AND sync_status = 'synced' AND deleted_at IS NULL AND synced_generation = generation) r" | grep -E '^Time' | tail -1; }
echo "Synced rows with content hash, tenant of 100:"; rows "$SMALL"
echo "Synced rows with content hash, tenant of 50,000:"; rows "$BIG"
