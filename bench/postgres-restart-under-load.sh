#!/usr/bin/env bash
# A PostgreSQL restart under load: what do clients creating notebooks see, and is anything lost or doubled?
# Needs `./dev.sh services` running (same AP_* variables) and a Release build.
#
#   bench/postgres-restart-under-load.sh [clients=8] [seconds-before=3] [seconds-after=5]
#
# Starts a system of its own (bench/recovery-system.sh), runs `clients` loops of POST /api/v1/notebooks (curl, each
# with a unique name), restarts PostgreSQL with `pg_ctl restart -m fast` (dev.sh postgres-restart) after
# seconds-before, keeps the load on for seconds-after, then prints the answers by status code, how long the restart
# took, and from the database: notebooks created twice (same name), accepted creates without a row, rows without
# exactly one outbox row, and whether every accepted notebook synced.
# BENCH_REPO=/path/to/other/build measures another build the same way.
set -euo pipefail
CLIENTS="${1:-8}"
BEFORE="${2:-3}"
AFTER="${3:-5}"
source "$(dirname "${BASH_SOURCE[0]}")/recovery-system.sh"
trap stop_system EXIT

start_system
say "system up ($BENCH_REPO); $CLIENTS clients, restart after ${BEFORE} s, load for ${AFTER} s more"
mkdir -p "$WORK/answers"
load() { # client
  local i=0
  while [ ! -f "$WORK/stop" ]; do
    i=$((i + 1))
    curl -s -o "$WORK/answers/$1-$i.body" -w "%{http_code} $1-$i\n" --max-time 60 -X POST "$API_URL/api/v1/notebooks" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "{\"name\":\"load-$1-$i\",\"content\":\"print(1)\"}" \
      >> "$WORK/answers/$1.codes" || echo "000 $1-$i" >> "$WORK/answers/$1.codes"
  done
}
LOADS=()
for c in $(seq 1 "$CLIENTS"); do load "$c" & LOADS+=($!); done
sleep "$BEFORE"
t0=$(now); "${DEV[@]}" postgres-restart; restart=$(echo "$(now) - $t0" | bc)
sleep "$AFTER"
touch "$WORK/stop"; wait "${LOADS[@]}" 2>/dev/null || true

echo "pg_ctl restart -m fast took $(printf '%.2f' "$restart") s"
echo "answers by status code:"; cat "$WORK"/answers/*.codes | awk '{print $1}' | sort | uniq -c | awk '{printf "  %s: %s\n", $2, $1}'
accepted=$(cat "$WORK"/answers/*.codes | awk '$1 == 201 {print $2}' | sort)
Q() { "${PSQL[@]}" -d "$RUN" -At -c "$1"; }
echo "notebooks created twice (same name): $(Q "SELECT count(*) FROM (SELECT name FROM notebooks GROUP BY name HAVING count(*) > 1) d")"
rows=$(Q "SELECT substr(name, 6) FROM notebooks WHERE name LIKE 'load-%' ORDER BY 1")
echo "accepted creates without a row: $(comm -23 <(echo "$accepted") <(echo "$rows" | sort) | grep -c . || true)"
echo "rows without an accepted answer: $(comm -13 <(echo "$accepted") <(echo "$rows" | sort) | grep -c . || true)"
echo "rows without exactly one outbox row: $(Q "SELECT count(*) FROM notebooks n WHERE (SELECT count(*) FROM outbox_messages o WHERE o.resource_id = n.id) <> 1")"
deadline=$(echo "$(now) + 120" | bc)
until [ "$(Q "SELECT count(*) FROM notebooks WHERE sync_status <> 'synced'")" = 0 ]; do
  (( $(echo "$(now) > $deadline" | bc) )) && { echo "not all synced within 120 s: $(Q "SELECT sync_status, count(*) FROM notebooks GROUP BY 1")"; exit 1; }
  sleep 0.5
done
echo "all $(Q "SELECT count(*) FROM notebooks") notebooks synced"
