#!/usr/bin/env bash
# Scale-out: notebook syncs per second with 1, 2 and 4 SyncWorkers on one PostgreSQL and one RabbitMQ, the connector
# (the emulator) answering every call after 100 ms. Prints one line per worker count and the ratio to one worker.
#   bench/scale-out.sh                       # the defaults: --workers 1,2,4 --count 2000 --latency-ms 100
#   bench/scale-out.sh --workers 1,2,3,4 --count 4000
# Starts PostgreSQL and RabbitMQ with ./dev.sh services (same AP_* variables as dev.sh) when they are not running,
# builds the worker and the bench (Release), and works in a database of its own that it drops at the end.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
eval "$("$REPO/dev.sh" services)"   # prints the AP_TEST_POSTGRES / AP_TEST_RABBITMQ exports
dotnet build "$REPO/src/SyncWorker" -c Release -nologo -v q -clp:ErrorsOnly
dotnet build "$REPO/bench/AgentProvision.ScaleOutBench" -c Release -nologo -v q -clp:ErrorsOnly
# RabbitMQ's Erlang VM (the child of the server script dev.sh started), so the bench can say how much CPU the broker took.
broker=$(pgrep -P "$(cat "${AP_DEV_DIR:-/tmp/agentprovision-dev}/rabbitmq/pid" 2>/dev/null || echo 0)" beam.smp || true)
dotnet run -c Release --no-build --project "$REPO/bench/AgentProvision.ScaleOutBench" -- ${broker:+--broker-pid "$broker"} "$@"
