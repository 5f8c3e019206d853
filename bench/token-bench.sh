#!/usr/bin/env bash
# Token protocol benchmark: prints redemptions per expiry, caller waits on EXPIRED (p50/p99), callers
# blocked during a STALE refresh, invalid_grant count and secret writes per day at an hourly schedule.
# Usage: bench/token-bench.sh [processes=4] [threads=16] [expiries=20] [simulated-days=3]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../infrastructure/scripts/lib.sh"
cd "$root"
"$root/infrastructure/scripts/setup-tools.sh" moto
./mvnw -q -B -pl functions/harness -am package -DskipTests
mkdir -p target
trap stop_moto EXIT
start_moto "$root/target/token-bench-moto.log"
java -cp functions/harness/target/cch-harness-0.1.0-SNAPSHOT-all.jar io.ccheadless.harness.TokenBench "$@"
