#!/usr/bin/env bash
# GET /api/v1/databricks/usage with a million notebooks in the table: is it still under 50 ms, and what does the
# usage index (ix_notebook_usage) buy? Needs a running system (./dev.sh up, with the same AP_* variables).
#
#   bench/usage-latency.sh
#
# 1. registers two tenants through the API ("small" and "big") and keeps their tokens;
# 2. inserts USAGE_TOTAL notebook rows with SQL (generate_series), USAGE_SMALL of them for the small tenant,
#    USAGE_BIG for the big one, the rest spread over filler tenants (USAGE_TENANTS tenants in all, created here),
#    with a mix of sync states (synced, pending, syncing, failed, local_only, and some soft-deleted rows), in random
#    order so each tenant's rows are spread over the heap as rows created over time are;
#    next_attempt_at stays NULL, so the worker's sweep never picks them up; then VACUUM ANALYZE;
# 3. per measured tenant: USAGE_WARMUP requests, then USAGE_REQUESTS sequential ones on one keep-alive connection
#    (curl), printing p50/p90/p99/max of time_total;
# 4. baselines from the same run: the endpoint's SQL in psql (EXPLAIN (ANALYZE, BUFFERS): plan, heap fetches,
#    percentiles of USAGE_SQL_REPEATS more runs; the big tenant also without parallel workers), then the same with
#    ix_notebook_usage dropped inside a transaction that is rolled back, and the ratio of the medians. (That
#    transaction holds an exclusive lock on notebooks for a few seconds: writes to notebooks wait meanwhile;
#    lock_timeout bounds the wait for the lock itself.)
# Everything it inserted is deleted at the end, also on failure or Ctrl-C: every tenant it makes is named
# "usagebench-<run>-…" and deleting those cascades to their notebooks, users and catalogs; then VACUUM ANALYZE and
# REINDEX TABLE CONCURRENTLY notebooks, so the table and its indexes are back to their size before the run.
#
# Settings (environment): AP_PG_PORT (55432), AP_API_URL (http://127.0.0.1:5080), USAGE_TOTAL (1000000),
# USAGE_TENANTS (1000), USAGE_SMALL (10000), USAGE_BIG (100000), USAGE_REQUESTS (200), USAGE_WARMUP (20),
# USAGE_SQL_REPEATS (10). Loopback only: it refuses an API URL that is not 127.0.0.1 or localhost.
set -euo pipefail

PG_PORT="${AP_PG_PORT:-55432}"
API_URL="${AP_API_URL:-http://127.0.0.1:5080}"
TOTAL="${USAGE_TOTAL:-1000000}"
TENANTS="${USAGE_TENANTS:-1000}"
SMALL="${USAGE_SMALL:-10000}"
BIG="${USAGE_BIG:-100000}"
REQUESTS="${USAGE_REQUESTS:-200}"
WARMUP="${USAGE_WARMUP:-20}"
SQL_REPEATS="${USAGE_SQL_REPEATS:-10}"
RUN="usagebench-$(date +%s)-$$"

case "$API_URL" in
  http://127.0.0.1:*|http://localhost:*) ;;
  *) echo "AP_API_URL must be a loopback URL (http://127.0.0.1:PORT), not $API_URL" >&2; exit 2 ;;
esac
FILL=$((TOTAL - SMALL - BIG))
FILLER_TENANTS=$((TENANTS - 2))
[ "$FILL" -ge 0 ] && [ "$FILLER_TENANTS" -ge 1 ] || { echo "need USAGE_TOTAL >= USAGE_SMALL + USAGE_BIG and USAGE_TENANTS >= 3" >&2; exit 2; }

export PGPASSWORD=postgres PGCONNECT_TIMEOUT=10
PSQL=(timeout 900 psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d agentprovision -X -q -v ON_ERROR_STOP=1)
CURL=(curl -sS --max-time 30)

say() { printf '\033[1m[usage]\033[0m %s\n' "$*" >&2; }

cleanup() {
  say "cleaning up: deleting tenants '$RUN-%' and everything under them"
  "${PSQL[@]}" -c "SET statement_timeout = '10min'" -c "DELETE FROM tenants WHERE name LIKE '$RUN-%'" >/dev/null || say "cleanup failed: delete tenants named '$RUN-%' by hand"
  # VACUUM gives the heap back; the indexes keep their million-row size until rebuilt (CONCURRENTLY: writes go on).
  "${PSQL[@]}" -c "VACUUM ANALYZE notebooks" -c "VACUUM ANALYZE tenants" -c "VACUUM ANALYZE users" \
    -c "REINDEX TABLE CONCURRENTLY notebooks" -c "REINDEX TABLE CONCURRENTLY users" >/dev/null || true
  rm -rf "$WORK"
}
WORK=$(mktemp -d)
trap cleanup EXIT
trap 'exit 130' INT TERM

"${CURL[@]}" -f "$API_URL/health/ready" >/dev/null || { echo "the API does not answer on $API_URL/health/ready; start it with ./dev.sh up" >&2; exit 1; }

register() { # label → prints "tenant_id token"
  local body
  body=$("${CURL[@]}" -f -X POST "$API_URL/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"tenant_name\":\"$RUN-$1\",\"email\":\"$RUN-$1@example.com\",\"password\":\"usage-bench-password-1\"}")
  jq -r '"\(.tenant_id) \(.access_token)"' <<<"$body"
}
read -r SMALL_ID SMALL_TOKEN < <(register small)
read -r BIG_ID BIG_TOKEN < <(register big)
say "registered tenants small=$SMALL_ID big=$BIG_ID"

say "inserting $TOTAL notebooks over $TENANTS tenants (small: $SMALL, big: $BIG, $FILLER_TENANTS fillers: $FILL)"
started=$(date +%s)
"${PSQL[@]}" <<SQL
SET statement_timeout = '15min';
INSERT INTO tenants (id, name, created_at)
SELECT gen_random_uuid(), '$RUN-filler-' || g, now() FROM generate_series(1, $FILLER_TENANTS) g;

-- One spread of states for every tenant, by row number: 85 % synced, 4 % pending, 1 % syncing, 2 % failed,
-- 6 % local_only, 2 % deleted (soft-deleted, outside the index). Generations 1–3; synced_generation as the state implies.
CREATE TEMP TABLE usage_rows AS
SELECT t.tenant_id, g AS n,
       CASE WHEN g % 100 < 85 THEN 'synced' WHEN g % 100 < 89 THEN 'pending' WHEN g % 100 < 90 THEN 'syncing'
            WHEN g % 100 < 92 THEN 'failed' WHEN g % 100 < 98 THEN 'local_only' ELSE 'deleted' END AS state,
       1 + g % 3 AS generation
FROM (SELECT '$SMALL_ID'::uuid AS tenant_id, $SMALL AS rows UNION ALL SELECT '$BIG_ID'::uuid, $BIG) t,
     generate_series(1, t.rows) g
UNION ALL
SELECT f.ids[1 + g % $FILLER_TENANTS], g,
       CASE WHEN g % 100 < 85 THEN 'synced' WHEN g % 100 < 89 THEN 'pending' WHEN g % 100 < 90 THEN 'syncing'
            WHEN g % 100 < 92 THEN 'failed' WHEN g % 100 < 98 THEN 'local_only' ELSE 'deleted' END,
       1 + g % 3
FROM (SELECT array_agg(id ORDER BY id) AS ids FROM tenants WHERE name LIKE '$RUN-filler-%') f,
     generate_series(1, $FILL) g;

INSERT INTO notebooks (id, tenant_id, name, description, language, content, metadata_, generation, synced_generation,
                       sync_status, sync_attempts, next_attempt_at, last_error_code, last_error_message, synced_at,
                       created_at, updated_at, deleted_at)
SELECT gen_random_uuid(), tenant_id, 'usage bench ' || n, NULL, 'PYTHON', 'print(' || n || ')', '{}',
       generation,
       CASE state WHEN 'synced' THEN generation WHEN 'pending' THEN generation - 1 WHEN 'syncing' THEN generation - 1
                  WHEN 'deleted' THEN generation ELSE 0 END,
       state,
       CASE state WHEN 'failed' THEN 8 WHEN 'pending' THEN 1 ELSE 0 END,
       NULL,
       CASE state WHEN 'failed' THEN 'connector_error' END,
       CASE state WHEN 'failed' THEN 'usage bench: synthetic failure' END,
       CASE WHEN state IN ('synced', 'deleted') THEN now() - (n % 1000) * interval '1 minute' END,
       now() - interval '30 days' + (n % 43200) * interval '1 minute',
       now() - interval '20 days' + (n % 28800) * interval '1 minute',
       CASE state WHEN 'deleted' THEN now() - interval '1 day' END
FROM usage_rows
ORDER BY random(); -- the tenants rows interleaved in the heap, as when they are created over time
SQL
say "inserted in $(( $(date +%s) - started )) s; VACUUM ANALYZE"
"${PSQL[@]}" -c "VACUUM ANALYZE notebooks" -c "VACUUM ANALYZE tenants"
"${PSQL[@]}" -At -c "SELECT 'notebooks in the table: ' || count(*) || ', tenants: ' || (SELECT count(*) FROM tenants) FROM notebooks" >&2

percentiles() { # label file-of-seconds → one line, ms
  sort -g "$2" | awk -v label="$1" '{ v[NR] = $1 * 1000 }
    function p(q) { i = int(q * NR); if (i < q * NR) i++; if (i < 1) i = 1; return v[i] }
    END { printf "%-34s n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms\n", label, NR, p(0.5), p(0.9), p(0.99), v[NR] }'
}

measure_http() { # label token
  local config="$WORK/curl.cfg" out="$WORK/out.txt"
  : > "$config"
  for _ in $(seq 1 $((WARMUP + REQUESTS))); do
    printf 'url = "%s/api/v1/databricks/usage"\noutput = "/dev/null"\n' "$API_URL" >> "$config"
  done
  # One curl process, one keep-alive connection: time_total is the request, not a process start or a TCP handshake.
  "${CURL[@]}" --max-time 600 -H "Authorization: Bearer $2" -w '%{http_code} %{time_total}\n' -K "$config" > "$out"
  local bad; bad=$(awk '$1 != 200' "$out" | wc -l)
  [ "$bad" -eq 0 ] || { echo "$bad of $((WARMUP + REQUESTS)) usage requests did not answer 200:" >&2; awk '$1 != 200' "$out" | sort | uniq -c >&2; exit 1; }
  tail -n "$REQUESTS" "$out" | awk '{ print $2 }' > "$WORK/$1.http"
  percentiles "HTTP GET usage, $1" "$WORK/$1.http"
}

# The endpoint's SQL (UsageQuery, one kind today), with the tenant as a literal.
usage_sql() {
  cat <<SQL
SELECT kind, sync_status, count(*) AS resources,
       count(*) FILTER (WHERE synced_generation > 0) AS in_databricks,
       min(updated_at) FILTER (WHERE sync_status IN ('pending', 'syncing', 'failed')) AS oldest_unsynced
FROM (SELECT 'notebooks' AS kind, sync_status, synced_generation, updated_at FROM notebooks
      WHERE tenant_id = '$1' AND deleted_at IS NULL) AS r
GROUP BY kind, sync_status
SQL
}

# Prints the plan of one run, then the percentiles of SQL_REPEATS more runs; with "drop", all inside
# BEGIN; DROP INDEX ix_notebook_usage; …; ROLLBACK; with "serial", without parallel workers (a 2-core machine pays
# more to start them than they save).
explain() { # label tenant-id [drop]
  local script="$WORK/explain.sql" out="$WORK/explain.out"
  {
    echo "SET lock_timeout = '5s'; SET statement_timeout = '2min';"
    [ "${3:-}" = serial ] && echo "SET max_parallel_workers_per_gather = 0;"
    [ "${3:-}" = drop ] && echo "BEGIN; DROP INDEX ix_notebook_usage;"
    echo "EXPLAIN (ANALYZE, BUFFERS) $(usage_sql "$2");"
    # TIMING OFF: per-row clock reads would inflate a 100,000-row scan; the execution time is still measured.
    for _ in $(seq 1 "$SQL_REPEATS"); do echo "EXPLAIN (ANALYZE, TIMING OFF) $(usage_sql "$2");"; done
    [ "${3:-}" = drop ] && echo "ROLLBACK;"
  } > "$script"
  "${PSQL[@]}" -At -f "$script" > "$out"
  local plan; plan=$(awk '/Execution Time/ { exit } { print }' "$out")
  echo "--- plan, $1 (first run) ---"
  sed -E 's/^/  /' <<<"$plan"
  grep -oE 'Execution Time: [0-9.]+' "$out" | tail -n "$SQL_REPEATS" | awk '{ print $3 / 1000 }' > "$WORK/$1.sql"
  percentiles "SQL $1" "$WORK/$1.sql"
  sort -g "$WORK/$1.sql" | awk '{ v[NR] = $1 * 1000 } END { print v[int((NR + 1) / 2)] }' > "$WORK/$1.median"
}

echo
echo "=== GET /api/v1/databricks/usage, $TOTAL notebooks in $TENANTS tenants; $WARMUP warm-up + $REQUESTS measured requests each ==="
measure_http "small ($SMALL rows)" "$SMALL_TOKEN"
measure_http "big ($BIG rows)" "$BIG_TOKEN"
echo
echo "=== the same SQL in psql, $SQL_REPEATS runs each (EXPLAIN ANALYZE execution time, no network, no JSON) ==="
explain "small, with index" "$SMALL_ID"
explain "big, with index" "$BIG_ID"
explain "big, with index, serial" "$BIG_ID" serial
explain "small, index dropped" "$SMALL_ID" drop
explain "big, index dropped" "$BIG_ID" drop
echo
echo "=== median SQL execution time, index dropped ÷ with index ==="
for t in small big; do
  awk -v t="$t" 'NR == FNR { a = $1; next } { printf "%-6s %.2f ms → %.2f ms: ×%.1f\n", t, a, $1, $1 / a }' \
    "$WORK/$t, with index.median" "$WORK/$t, index dropped.median"
done
