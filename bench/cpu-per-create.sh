#!/usr/bin/env bash
# Where the CPU of one API create goes, across every process on the machine. Needs a running system (./dev.sh up,
# with the same AP_* variables), wrk, psql and ss.
#
#   bench/cpu-per-create.sh [seconds] [--pause-workers]
#
# Registers a tenant, runs wrk (2 threads, 16 connections) POSTing notebooks for the given seconds (20 by default;
# 2 s first to open the API's connections), and prints creates/s beside the CPU per create of each process group,
# from /proc ticks before and after: the API, the workers, the emulator, RabbitMQ and PostgreSQL. PostgreSQL's share
# is split by whose connection a backend serves (the owner of the client socket, from ss): the API, the workers,
# others, and its own background processes (autovacuum counted on exit). --pause-workers stops the workers
# (SIGSTOP, from dev.sh's pid files) for the run, so the figures are the API's own path.
set -euo pipefail
SECONDS_RUN=${1:-20}
PAUSE=${2:-}
STATE="${AP_DEV_DIR:-/tmp/agentprovision-dev}"
PG_PORT="${AP_PG_PORT:-55432}"
API="${AP_API_URL:-http://127.0.0.1:5080}"
PSQL=(psql "host=127.0.0.1 port=$PG_PORT user=postgres password=postgres dbname=agentprovision" -XAtq)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; [ -n "${WORKERS:-}" ] && kill -CONT $WORKERS 2>/dev/null || true' EXIT

group_of() { # cmdline → group, or nothing
  case "$1" in
    *AgentProvision.Api.dll*) echo api ;;
    *AgentProvision.SyncWorker.dll*) echo worker ;;
    *McpEmulator.dll*) echo emulator ;;
    *beam.smp*) echo rabbitmq ;;
    postgres*|*bin/postgres*) echo postgres ;;
  esac
}

ticks() { # "pid class ticks" for every process of interest; PostgreSQL backends classed by their client
  declare -A owner=()
  while read -r port pid; do owner[$port]=$pid; done < <(ss -tnpH state established "( dport = :$PG_PORT )" |
    awk '{split($3, a, ":"); match($0, /pid=[0-9]+/); print a[2], substr($0, RSTART + 4, RLENGTH - 4)}')
  declare -A backend=()
  while read -r pid port; do backend[$pid]=$port; done < <("${PSQL[@]}" -F' ' -c "SELECT pid, coalesce(client_port, 0) FROM pg_stat_activity")
  for dir in /proc/[0-9]*; do
    local pid=${dir#/proc/} cmd group class
    cmd=$( { tr '\0' ' ' < "$dir/cmdline"; } 2>/dev/null) || continue   # a process may end meanwhile
    group=$(group_of "$cmd"); [ -n "$group" ] || continue
    class=$group
    if [ "$group" = postgres ]; then
      class="postgres: own work"
      local port=${backend[$pid]:-0}
      if [ "$port" != 0 ] && [ -n "${owner[$port]:-}" ]; then
        class="postgres: for $(group_of "$( { tr '\0' ' ' < "/proc/${owner[$port]}/cmdline"; } 2>/dev/null)")"
        [ "$class" = "postgres: for " ] && class="postgres: for others"
      fi
    fi
    # utime + stime, and for PostgreSQL's postmaster the children that exited (autovacuum workers)
    { read -r -a stat < "$dir/stat"; } 2>/dev/null || continue
    echo "$pid|$class|$((stat[13] + stat[14] + stat[15] + stat[16]))"
  done
}

email="cpu-$(date +%s)-$RANDOM@example.com"
token=$(curl -fsS -X POST "$API/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"bench-password-1\",\"tenant_name\":\"cpubench $email\"}" |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')
cat > "$WORK/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '{"name":"bench","language":"PYTHON","content":"print(1)"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
EOF

if [ "$PAUSE" = --pause-workers ]; then
  WORKERS=$(cat "$STATE"/apps/worker*.pid 2>/dev/null | tr '\n' ' ')
  [ -n "$WORKERS" ] && kill -STOP $WORKERS
fi
wrk -t2 -c16 -d2s -s "$WORK/post.lua" "$API/api/v1/notebooks" > /dev/null
ticks > "$WORK/before"
wrk -t2 -c16 -d"${SECONDS_RUN}s" -s "$WORK/post.lua" "$API/api/v1/notebooks" > "$WORK/wrk"
ticks > "$WORK/after"

creates=$(grep -oE '^ +[0-9]+ requests in' "$WORK/wrk" | grep -oE '[0-9]+')
failed=$(grep -oE 'Non-2xx or 3xx responses: +[0-9]+' "$WORK/wrk" | grep -oE '[0-9]+$' || echo 0)
creates=$((creates - failed))
echo "creates: $creates in ${SECONDS_RUN} s = $(awk -v n="$creates" -v s="$SECONDS_RUN" 'BEGIN {printf "%.1f", n / s}')/s ($failed failed)${PAUSE:+, workers paused}"
echo "CPU per create (ms), by process; a backend that came or went during the run is not counted:"
hz=$(getconf CLK_TCK)
awk -F'|' -v n="$creates" -v hz="$hz" '
  NR == FNR { before[$1] = $3; next }
  ($1 in before) { used[$2] += $3 - before[$1] }
  END { for (k in used) { total += used[k]; printf "  %-22s %.3f\n", k, used[k] * 1000 / hz / n }
        printf "  %-22s %.3f\n", "all of these", total * 1000 / hz / n }' "$WORK/before" "$WORK/after" | sort
