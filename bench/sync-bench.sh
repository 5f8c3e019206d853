#!/usr/bin/env bash
# Campaign sync benchmark. Against a CC sandbox account of generated campaigns (its real 4 requests/s and
# 10,000/day limits on, real time, no Retry-After as CC documents none) and DynamoDB/EventBridge on moto, runs
# the sync as the scheduled function would and prints, per scenario: CC requests made, the fewest that
# scenario allows (derived from the sandbox's own data), wall time, 429s received (total and peak per second),
# DynamoDB writes, and events published. Figures only: nothing here asserts a time.
# Usage: bench/sync-bench.sh [campaigns=10000] [fault-rate=0.20]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../infrastructure/scripts/lib.sh"
cd "$root"
"$root/infrastructure/scripts/setup-tools.sh" moto
./mvnw -q -B -pl bench -am package -DskipTests
mkdir -p target
trap stop_moto EXIT
start_moto "$root/target/sync-bench-moto.log"
java -cp bench/target/cch-bench-0.1.0-SNAPSHOT-all.jar io.ccheadless.bench.SyncBench "$@"
