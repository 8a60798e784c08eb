#!/usr/bin/env bash
# After RabbitMQ comes back, how long until syncing resumes? Real broker restarts, measured end to end.
# Needs `./dev.sh services` running (same AP_DEV_DIR, AP_PG_PORT, AP_AMQP_PORT, AP_RABBIT_NODE) and a Release build.
#
#   bench/broker-restart-resume.sh [rounds=3] [outage-seconds=30]
#
# Starts a system of its own (bench/recovery-system.sh), then per round: syncs one notebook (warm), stops RabbitMQ
# (dev.sh rabbitmq-stop), creates a notebook during the outage (the API needs only PostgreSQL), keeps the broker away
# for the outage, starts it (dev.sh rabbitmq-start returns once the node has booted: t0), and prints
#   resume: t0 → the notebook written during the outage is synced;
#   ready:  t0 → the worker's /health/ready answers 200 again (and whether it said 503 during the outage).
# A long outage matters: MassTransit's own reconnect backoff grows with each failed try (3 s … 30 s).
# BENCH_REPO=/path/to/other/build measures another build the same way (e.g. `git archive <commit>` of the code before).
set -euo pipefail
ROUNDS="${1:-3}"
OUTAGE="${2:-30}"
source "$(dirname "${BASH_SOURCE[0]}")/recovery-system.sh"
trap stop_system EXIT

start_system
say "system up ($BENCH_REPO); $ROUNDS rounds of a ${OUTAGE} s RabbitMQ outage"
resumes=()
for round in $(seq 1 "$ROUNDS"); do
  wait_synced "$(create_notebook "warm-$round")" 60
  "${DEV[@]}" rabbitmq-stop
  sleep 2
  during=$(curl -s -o /dev/null -w '%{http_code}' "$WORKER_URL/health/ready" || true)
  id=$(create_notebook "during-outage-$round")
  sleep "$OUTAGE"
  "${DEV[@]}" rabbitmq-start >/dev/null 2>&1
  t0=$(now)
  ready=""
  until [ "$(sync_status "$id")" = synced ]; do
    [ -z "$ready" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$WORKER_URL/health/ready")" = 200 ] && ready=$(echo "$(now) - $t0" | bc)
    (( $(echo "$(now) - $t0 > 120" | bc) )) && { say "not synced 120 s after the broker came back"; exit 1; }
    sleep 0.05
  done
  resume=$(echo "$(now) - $t0" | bc)
  until [ -n "$ready" ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$WORKER_URL/health/ready")" = 200 ] && ready=$(echo "$(now) - $t0" | bc)
    sleep 0.05
  done
  printf 'round %d: resume %.2f s, ready again %.2f s (worker /health/ready during the outage: %s)\n' "$round" "$resume" "$ready" "$during"
  resumes+=("$resume")
done
printf '%s\n' "${resumes[@]}" | sort -n | awk '{a[NR]=$1} END {printf "resume after the broker is back: median %.2f s, max %.2f s over %d rounds\n", a[int((NR+1)/2)], a[NR], NR}'
