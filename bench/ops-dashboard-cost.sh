#!/usr/bin/env bash
# The ops dashboard's cost on the database (issue 8): its statements' time with a million resources, and queries per
# second per open page. Needs a running system (./dev.sh up, with the same AP_* variables).
#
#   bench/ops-dashboard-cost.sh
#
# The API computes ONE snapshot per Ops:DashboardInterval (2 s by default) for all open pages: one round trip with a
# batch of 7 statements (one implicit transaction), and every 10th snapshot an 8th statement counting the settled rows.
# This script:
# 1. baseline, same run: runs each statement on the tables as they are (EXPLAIN (ANALYZE, BUFFERS), OPS_SQL_REPEATS
#    more runs), printing median planning + execution time, the plan's top node and the scans it uses;
# 2. inserts OPS_TOTAL notebook rows with SQL over OPS_TENANTS tenants (created here, named "opsbench-<run>-…"), in
#    random heap order: 85 % synced, 3 % pending, 0.5 % syncing, 1 % failed (error codes and messages), 8 % local_only,
#    2.5 % soft-deleted; synced_at / updated_at spread over 30 days, with ~0.4 % of the synced rows (a few thousand)
#    synced in the last 5 minutes (refreshed before each measurement, as rows sync all the time on a live system);
#    next_attempt_at stays NULL, so the worker's sweep never picks them up; then VACUUM ANALYZE;
# 3. the same statements again, and the ratio seeded ÷ baseline per statement; the sum of the 7 per snapshot and the
#    8th apart;
# 4. the live endpoint as an operator (ops@example.com, registered by dev.sh): OPS_REQUESTS GETs of
#    /api/v1/ops/dashboard spaced by more than the interval, so each computes a fresh snapshot (p50/p99, and the
#    snapshots that included the 8th statement apart); then pg_stat_database's committed transactions per second over
#    OPS_WINDOW seconds with 0 open pages (the same-run baseline), 1, and OPS_CLIENTS concurrent SSE clients on
#    /ops/events?access_token=…, and the distinct snapshots those clients received.
# Everything it inserted is deleted at the end, also on failure or Ctrl-C: deleting the "opsbench-<run>-…" tenants
# cascades to their notebooks; then VACUUM ANALYZE and REINDEX TABLE CONCURRENTLY notebooks.
#
# Settings (environment): AP_PG_PORT (55432), AP_API_URL (http://127.0.0.1:5080), OPS_TOTAL (1000000),
# OPS_TENANTS (1000), OPS_SQL_REPEATS (10), OPS_REQUESTS (30), OPS_INTERVAL (2, seconds: the API's
# Ops:DashboardInterval), OPS_CLIENTS (20), OPS_WINDOW (10, seconds), OPS_EMAIL / OPS_PASSWORD (dev.sh's operator).
# Loopback only: it refuses an API URL that is not 127.0.0.1 or localhost.
set -euo pipefail

PG_PORT="${AP_PG_PORT:-55432}"
API_URL="${AP_API_URL:-http://127.0.0.1:5080}"
TOTAL="${OPS_TOTAL:-1000000}"
TENANTS="${OPS_TENANTS:-1000}"
SQL_REPEATS="${OPS_SQL_REPEATS:-10}"
REQUESTS="${OPS_REQUESTS:-30}"
INTERVAL="${OPS_INTERVAL:-2}"
CLIENTS="${OPS_CLIENTS:-20}"
WINDOW="${OPS_WINDOW:-10}"
OPS_EMAIL="${OPS_EMAIL:-ops@example.com}"
OPS_PASSWORD="${OPS_PASSWORD:-ops-password-1}"
RUN="opsbench-$(date +%s)-$$"

case "$API_URL" in
  http://127.0.0.1:*|http://localhost:*) ;;
  *) echo "AP_API_URL must be a loopback URL (http://127.0.0.1:PORT), not $API_URL" >&2; exit 2 ;;
esac
[ "$TOTAL" -ge 1 ] && [ "$TENANTS" -ge 1 ] || { echo "need OPS_TOTAL >= 1 and OPS_TENANTS >= 1" >&2; exit 2; }

export PGPASSWORD=postgres PGCONNECT_TIMEOUT=10
PSQL=(timeout 900 psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d agentprovision -X -q -v ON_ERROR_STOP=1)
CURL=(curl -sS --max-time 30)

say() { printf '\033[1m[ops-cost]\033[0m %s\n' "$*" >&2; }

SSE_PIDS=()
cleanup() {
  for pid in "${SSE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  say "cleaning up: deleting tenants '$RUN-%' and everything under them"
  "${PSQL[@]}" -c "SET statement_timeout = '10min'" -c "DELETE FROM tenants WHERE name LIKE '$RUN-%'" >/dev/null || say "cleanup failed: delete tenants named '$RUN-%' by hand"
  # VACUUM gives the heap back; the indexes keep their million-row size until rebuilt (CONCURRENTLY: writes go on).
  "${PSQL[@]}" -c "VACUUM ANALYZE notebooks" -c "VACUUM ANALYZE tenants" -c "REINDEX TABLE CONCURRENTLY notebooks" >/dev/null || true
  rm -rf "$WORK"
}
WORK=$(mktemp -d)
trap cleanup EXIT
trap 'exit 130' INT TERM

"${CURL[@]}" -f "$API_URL/health/ready" >/dev/null || { echo "the API does not answer on $API_URL/health/ready; start it with ./dev.sh up" >&2; exit 1; }
TOKEN=$("${CURL[@]}" -f -X POST "$API_URL/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$OPS_EMAIL\",\"password\":\"$OPS_PASSWORD\"}" | jq -r .access_token) \
  || { echo "cannot log in as the operator $OPS_EMAIL (dev.sh up registers it)" >&2; exit 1; }
"${CURL[@]}" -f -o /dev/null -H "Authorization: Bearer $TOKEN" "$API_URL/api/v1/ops/dashboard" \
  || { echo "$OPS_EMAIL is not an operator (Ops__Operators)" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------------------
# The dashboard's SQL, copied from src/Api/Ops/OpsSnapshotSource.cs (Kinds, Unsynced, Sql[0..6], FullCountSql), with
# its C# interpolations expanded the same way: keep the two in step (a change there is a change here).
KINDS=("notebook|notebooks|name" "dataset|datasets|name" "pipeline|data_pipelines|name" "run|runs|target_kind || ' run'"
  "catalog|tenant_catalogs|catalog_name")
UNSYNCED="deleted_at IS NULL AND sync_status IN ('pending', 'syncing', 'failed')"
MAX_FAILURES=50 MAX_PARKED=20 TOP_TENANTS=10 LATENCY_WINDOW_SECONDS=300
per_kind() { # template with @KIND@ @TABLE@ @NAME@ → the kinds joined by "\nUNION ALL " (string.Join in the C#)
  local out="" sep="" kind table name line
  for k in "${KINDS[@]}"; do
    IFS='|' read -r kind table name <<<"$k"
    line=${1//@KIND@/$kind}; line=${line//@TABLE@/$table}; line=${line//@NAME@/$name}
    out+="$sep$line"; sep=$'\nUNION ALL '
  done
  printf '%s' "$out"
}
STMT=()
STMT[1]="SELECT count(*) FILTER (WHERE parked_at IS NULL),
       coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)::float8,
       count(*) FILTER (WHERE parked_at IS NOT NULL),
       (SELECT count(*) FROM outbox_messages WHERE dispatched_at > now() - interval '1 minute')
FROM outbox_messages WHERE dispatched_at IS NULL"
STMT[2]="SELECT id, message_type, tenant_id, resource_type, resource_id, attempts, last_error, parked_at, created_at
FROM outbox_messages WHERE parked_at IS NOT NULL AND dispatched_at IS NULL ORDER BY parked_at DESC LIMIT $MAX_PARKED"
STMT[3]="SELECT kind, sync_status, count(*) FROM (
$(per_kind "SELECT '@KIND@' AS kind, sync_status FROM @TABLE@ WHERE $UNSYNCED")
) AS r GROUP BY kind, sync_status"
STMT[4]="SELECT r.tenant_id, coalesce(t.name, ''), count(*), count(*) FILTER (WHERE r.sync_status = 'failed') FROM (
$(per_kind "SELECT tenant_id, sync_status FROM @TABLE@ WHERE $UNSYNCED")
) AS r LEFT JOIN tenants t ON t.id = r.tenant_id
GROUP BY r.tenant_id, t.name ORDER BY count(*) DESC, r.tenant_id LIMIT $TOP_TENANTS"
STMT[5]="SELECT f.kind, f.tenant_id, coalesce(t.name, ''), f.id, f.name, f.last_error_code, f.last_error_message, f.updated_at FROM (
$(per_kind "(SELECT '@KIND@' AS kind, tenant_id, id, @NAME@ AS name, last_error_code, last_error_message, updated_at FROM @TABLE@ WHERE sync_status = 'failed' ORDER BY updated_at DESC LIMIT $MAX_FAILURES)")
) AS f LEFT JOIN tenants t ON t.id = f.tenant_id ORDER BY f.updated_at DESC LIMIT $MAX_FAILURES"
STMT[6]="SELECT count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
       percentile_cont(0.99) WITHIN GROUP (ORDER BY seconds)
FROM (
$(per_kind "SELECT greatest(extract(epoch FROM synced_at - updated_at), 0)::float8 AS seconds FROM @TABLE@ WHERE synced_at > now() - interval '$LATENCY_WINDOW_SECONDS seconds' AND sync_status = 'synced'")
) AS s"
STMT[7]="SELECT id, host, started_at, seen_at FROM worker_heartbeats WHERE seen_at > now() - interval '30 seconds' ORDER BY started_at"
STMT[8]="SELECT kind, sync_status, count(*) FROM (
$(per_kind "SELECT '@KIND@' AS kind, sync_status FROM @TABLE@ WHERE deleted_at IS NULL")
) AS r GROUP BY kind, sync_status"
LABEL=("" "1 outbox" "2 parked" "3 unsynced per kind" "4 top tenants" "5 latest failures" "6 synced in 5 min"
  "7 workers" "8 settled counts (1 in 10)")
# ---------------------------------------------------------------------------------------------------------------------

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One statement: EXPLAIN (ANALYZE, BUFFERS) once (the plan shown), then SQL_REPEATS times with TIMING OFF (per-node
# clock reads would inflate the big scans; buffers and the total time are still measured). Writes
# $WORK/<phase>.<i>.ms (median planning + execution of the repeats) and prints one line.
explain() { # phase i
  local phase=$1 i=$2 script="$WORK/explain.sql" out="$WORK/explain.out"
  {
    echo "SET statement_timeout = '2min';"
    echo "EXPLAIN (ANALYZE, BUFFERS) ${STMT[$i]};"
    for _ in $(seq 1 "$SQL_REPEATS"); do echo "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${STMT[$i]};"; done
  } > "$script"
  "${PSQL[@]}" -At -f "$script" > "$out"
  awk '/Execution Time/ { exit } { print }' "$out" > "$WORK/$phase.$i.plan"
  # planning + execution per run, repeats only
  awk '/Planning Time:/ { p = $3 } /Execution Time:/ { print p + $3 }' "$out" | tail -n "$SQL_REPEATS" > "$WORK/$phase.$i.runs"
  local ms exec top scans buffers
  ms=$(median < "$WORK/$phase.$i.runs")
  exec=$(grep -oE 'Execution Time: [0-9.]+' "$out" | tail -n "$SQL_REPEATS" | awk '{ print $3 }' | median)
  echo "$ms" > "$WORK/$phase.$i.ms"
  top=$(head -n 1 "$WORK/$phase.$i.plan" | sed -E 's/ +\(cost=.*//')
  buffers=$(sed -n 2,4p "$WORK/$phase.$i.plan" | grep -m1 -oE 'Buffers: shared [^ ]+( [a-z]+=[0-9]+)*' | sed 's/Buffers: //' || true)
  # The scans on notebooks (the seeded table), or all scans when the statement does not read it.
  grep -oE '(Parallel )?(Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan|Seq Scan)( Backward)? (using|on) [a-z_]+' "$WORK/$phase.$i.plan" \
    | sed -E 's/^(Parallel )?Index Only Scan/\1IOS/; s/^(Parallel )?Index Scan( Backward)?/\1IdxScan\2/; s/Bitmap Index Scan/BitmapIdx/; s/Bitmap Heap Scan/BitmapHeap/' \
    | awk '!seen[$0]++' > "$WORK/scans" || true
  if grep -q notebook "$WORK/scans"; then scans=$(grep notebook "$WORK/scans" | paste -sd, | sed 's/,/, /g')
  else scans=$(paste -sd, "$WORK/scans" | sed 's/,/, /g'); fi
  printf '  %-27s median %8.2f ms (exec %8.2f)  top: %-22s  buffers: %-22s  %s\n' "${LABEL[$i]}" "$ms" "$exec" "$top" "${buffers:--}" "$scans"
}

explain_all() { # phase
  echo "--- $1: $SQL_REPEATS runs per statement, median of planning + execution (EXPLAIN ANALYZE, server side) ---"
  "${PSQL[@]}" -At -c "SELECT 'notebooks: ' || count(*) || ' rows (' || count(*) FILTER (WHERE $UNSYNCED) || ' unsynced, '
      || count(*) FILTER (WHERE sync_status = 'failed') || ' failed, ' || count(*) FILTER (WHERE synced_at > now() - interval '5 minutes' AND sync_status = 'synced')
      || ' synced in the last 5 min); outbox_messages: ' || (SELECT count(*) FROM outbox_messages) || '; tenants: ' || (SELECT count(*) FROM tenants) FROM notebooks"
  for i in 1 2 3 4 5 6 7 8; do explain "$1" "$i"; done
  local sum; sum=$(cat "$WORK/$1".[1-7].ms | awk '{ s += $1 } END { printf "%.2f", s }')
  echo "$sum" > "$WORK/$1.sum"
  printf '  %-27s %8.2f ms per snapshot (7 statements, one round trip);  + %.2f ms every 10th snapshot (statement 8)\n' \
    "sum 1-7" "$sum" "$(cat "$WORK/$1.8.ms")"
}

# Rows "synced in the last 5 minutes" age while the script runs: put them back into the window before each measurement
# (a live system keeps syncing). Only this run's tenants; ix_notebook_synced_at finds them.
refresh_recent() {
  "${PSQL[@]}" -c "UPDATE notebooks n SET synced_at = now() - ((abs(hashtext(n.id::text)) % 290) * interval '1 second'),
        updated_at = now() - ((abs(hashtext(n.id::text)) % 290 + 1 + abs(hashtext(n.id::text)) % 30) * interval '1 second')
      FROM tenants t WHERE t.id = n.tenant_id AND t.name LIKE '$RUN-%'
        AND n.synced_at > now() - interval '1 hour' AND n.sync_status = 'synced'" >/dev/null
}

echo
echo "=== the ops dashboard's statements (src/Api/Ops/OpsSnapshotSource.cs), before seeding ==="
explain_all baseline

say "inserting $TOTAL notebooks over $TENANTS tenants named '$RUN-…'"
started=$(date +%s)
"${PSQL[@]}" <<SQL
SET statement_timeout = '15min';
INSERT INTO tenants (id, name, created_at)
SELECT gen_random_uuid(), '$RUN-' || g, now() - interval '60 days' FROM generate_series(1, $TENANTS) g;

-- States by row number (per 200): 170 synced (85 %), 6 pending (3 %), 1 syncing (0.5 %), 2 failed (1 %),
-- 16 local_only (8 %), 5 deleted (2.5 %, soft-deleted). Tenants by a hash, so some tenants have more unsynced rows.
CREATE TEMP TABLE ops_rows AS
SELECT f.ids[1 + (abs(hashtext(g::text)) % $TENANTS)] AS tenant_id, g AS n,
       CASE WHEN g % 200 < 170 THEN 'synced' WHEN g % 200 < 176 THEN 'pending' WHEN g % 200 < 177 THEN 'syncing'
            WHEN g % 200 < 179 THEN 'failed' WHEN g % 200 < 195 THEN 'local_only' ELSE 'deleted' END AS state,
       1 + g % 3 AS generation,
       -- synced_at: ~0.4 % of the synced rows in the last 5 minutes, the rest spread from 1 hour to 30 days ago
       CASE WHEN g % 250 = 0 THEN now() - (g % 290) * interval '1 second'
            ELSE now() - interval '1 hour' - (abs(hashtext('s' || g)) % 2588400) * interval '1 second' END AS sync_time,
       now() - interval '1 hour' - (abs(hashtext('u' || g)) % 2588400) * interval '1 second' AS change_time
FROM (SELECT array_agg(id ORDER BY id) AS ids FROM tenants WHERE name LIKE '$RUN-%') f,
     generate_series(1, $TOTAL) g;

INSERT INTO notebooks (id, tenant_id, name, description, language, content, metadata_, generation, synced_generation,
                       sync_status, sync_attempts, next_attempt_at, last_error_code, last_error_message, synced_at,
                       created_at, updated_at, deleted_at)
SELECT gen_random_uuid(), tenant_id, 'ops bench ' || n, NULL, 'PYTHON', 'print(' || n || ')', '{}',
       generation,
       CASE state WHEN 'synced' THEN generation WHEN 'pending' THEN generation - 1 WHEN 'syncing' THEN generation - 1
                  WHEN 'deleted' THEN generation ELSE 0 END,
       state,
       CASE state WHEN 'failed' THEN 8 WHEN 'pending' THEN 1 ELSE 0 END,
       NULL,
       CASE WHEN state = 'failed' THEN (ARRAY['connector_error', 'databricks_permission_denied', 'validation_failed',
                                              'rate_limited', 'workspace_not_found'])[1 + n % 5] END,
       CASE WHEN state = 'failed' THEN 'ops bench: synthetic failure #' || n || ' (' ||
            (ARRAY['connector timed out after 30 s', 'PERMISSION_DENIED on /Workspace/agentprovision',
                   'notebook content rejected: invalid cell', '429 Too Many Requests', 'RESOURCE_DOES_NOT_EXIST'])[1 + n % 5] || ')' END,
       CASE WHEN state IN ('synced', 'deleted') THEN sync_time END,
       -- created before its last change; a synced row's change 1–30 s before its sync
       CASE WHEN state IN ('synced', 'deleted') THEN sync_time ELSE change_time END - (n % 40) * interval '1 day' - interval '1 minute',
       CASE WHEN state IN ('synced', 'deleted') THEN sync_time - (1 + n % 30) * interval '1 second' ELSE change_time END,
       CASE state WHEN 'deleted' THEN sync_time + interval '1 minute' END
FROM ops_rows
ORDER BY random(); -- the tenants' rows interleaved in the heap, as when they are created over time
SQL
say "inserted in $(( $(date +%s) - started )) s; VACUUM ANALYZE"
"${PSQL[@]}" -c "VACUUM ANALYZE notebooks" -c "VACUUM ANALYZE tenants"

echo
echo "=== the same statements with $TOTAL more notebooks ($TENANTS tenants) ==="
refresh_recent
explain_all seeded
echo "--- seeded ÷ baseline (median) ---"
for i in 1 2 3 4 5 6 7 8; do
  awk -v l="${LABEL[$i]}" 'NR == FNR { a = $1; next } { printf "  %-27s %8.2f ms → %8.2f ms  ×%.1f\n", l, a, $1, (a > 0 ? $1 / a : 0) }' \
    "$WORK/baseline.$i.ms" "$WORK/seeded.$i.ms"
done
awk 'NR == FNR { a = $1; next } { printf "  %-27s %8.2f ms → %8.2f ms  ×%.1f\n", "sum 1-7 per snapshot", a, $1, (a > 0 ? $1 / a : 0) }' \
  "$WORK/baseline.sum" "$WORK/seeded.sum"

# ---------------------------------------------------------------------------------------------------------------------
percentiles() { # label file-of-ms → one line
  sort -g "$2" | awk -v label="$1" '{ v[NR] = $1 }
    function p(q) { i = int(q * NR); if (i < q * NR) i++; if (i < 1) i = 1; return v[i] }
    END { if (NR == 0) { printf "%-44s n=0\n", label; exit } printf "%-44s n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms\n", label, NR, p(0.5), p(0.99), v[NR] }'
}

echo
SPACING=$(awk -v i="$INTERVAL" 'BEGIN { print i + 0.3 }')
echo "=== GET /api/v1/ops/dashboard as $OPS_EMAIL: $REQUESTS requests, ${SPACING} s apart (each a fresh snapshot) ==="
refresh_recent
: > "$WORK/http.all"; : > "$WORK/http.7"; : > "$WORK/http.8"
prev_seq=""
for r in $(seq 1 "$REQUESTS"); do
  sleep "$SPACING"
  "${CURL[@]}" -H "Authorization: Bearer $TOKEN" -o "$WORK/snap.json" -w '%{http_code} %{time_total}\n' "$API_URL/api/v1/ops/dashboard" > "$WORK/w.txt"
  read -r code secs < "$WORK/w.txt"
  [ "$code" = 200 ] || { echo "GET /api/v1/ops/dashboard answered $code" >&2; cat "$WORK/snap.json" >&2; exit 1; }
  read -r seq full < <(jq -r '"\(.sequence) \(.at == .settled_counts_at)"' "$WORK/snap.json")
  [ -n "$prev_seq" ] && [ "$seq" = "$prev_seq" ] && say "request $r got snapshot $seq again (not fresh)"
  prev_seq=$seq
  ms=$(awk -v s="$secs" 'BEGIN { print s * 1000 }')
  echo "$ms" >> "$WORK/http.all"
  if [ "$full" = true ]; then echo "$ms" >> "$WORK/http.8"; else echo "$ms" >> "$WORK/http.7"; fi
done
percentiles "all requests" "$WORK/http.all"
percentiles "snapshots with 7 statements" "$WORK/http.7"
percentiles "snapshots with the 8th (settled counts)" "$WORK/http.8"
jq -r '"last snapshot: \(.sync_counts | map(.count) | add) resources counted, \(.top_tenants | length) top tenants, \(.failures | length) failures, latency window: \(.latency.synced) synced (p50 \(.latency.p50_seconds) s)"' "$WORK/snap.json"

# ---------------------------------------------------------------------------------------------------------------------
xacts() { "${PSQL[@]}" -At -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }

window() { # clients → prints one line
  local k=$1 before after c
  SSE_PIDS=()
  for c in $(seq 1 "$k"); do
    curl -sN --max-time $((WINDOW + 6)) "$API_URL/ops/events?access_token=$TOKEN" > "$WORK/sse.$k.$c" 2>/dev/null &
    SSE_PIDS+=($!)
  done
  sleep 3 # connected, first snapshot sent
  before=$(xacts); local t0; t0=$(date +%s.%N)
  sleep "$WINDOW"
  after=$(xacts); local t1; t1=$(date +%s.%N)
  for pid in "${SSE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  SSE_PIDS=()
  local events=0 snapshots=0
  if [ "$k" -gt 0 ]; then
    events=$(cat "$WORK"/sse."$k".* | grep -c '^event: snapshot' || true)
    snapshots=$(cat "$WORK"/sse."$k".* | grep -oE '"sequence":[0-9]+' | sort -u | wc -l)
  fi
  local d=$((after - before))
  awk -v k="$k" -v d="$d" -v t0="$t0" -v t1="$t1" -v ev="$events" -v sn="$snapshots" -v w="$WINDOW" \
    'BEGIN { printf "%3d open pages: %6.2f tx/s over %.1f s (%d tx); events received %d, distinct snapshots %d (%.2f/s over the ~%d s the pages were open)\n", k, d / (t1 - t0), t1 - t0, d, ev, sn, sn / (w + 3), w + 3 }' \
    | tee "$WORK/window.$k"
  echo "$d $t0 $t1" > "$WORK/window.$k.raw"
}

echo
echo "=== pg_stat_database transactions (xact_commit + xact_rollback, all sessions: API, worker, this script's 2 reads) ==="
echo "    per ${WINDOW} s window, 0 pages (same-run baseline), 1 page, then $CLIENTS SSE clients on /ops/events"
refresh_recent
sleep "$INTERVAL"
window 0
window 1
window "$CLIENTS"
awk -v k="$CLIENTS" 'FNR == 1 { split($0, a, " "); d[++n] = a[1] / (a[3] - a[2]) } END {
  printf "dashboard share: 1 page %+.2f tx/s, %d pages %+.2f tx/s over the 0-page window\n", d[2] - d[1], k, d[3] - d[1] }' \
  "$WORK/window.0.raw" "$WORK/window.1.raw" "$WORK/window.$CLIENTS.raw"
awk -v iv="$INTERVAL" -v k="$CLIENTS" 'BEGIN {
  s = 1 / iv; q = s * (7 + 0.1)
  printf "by design: %.2f snapshots/s = %.2f statements/s (7 each + 1 in 10), in %.2f round trips/s, whatever the number of pages;\n", s, q, s
  printf "           per open page: %.2f statements/s with 1 page, %.3f with %d\n", q, q / k, k }'
