#!/usr/bin/env bash
# Token protocol benchmark: prints redemptions per expiry, caller waits on EXPIRED (p50/p99), callers
# blocked during a STALE refresh, invalid_grant count and secret writes per day at an hourly schedule.
# Also: one uncontended redemption measured in the same run (median of [uncontended-samples] forced expiries,
# 1 caller in 1 process), the EXPIRED p99's ratio to it, and where the EXPIRED-path wait goes (per phase, with
# moto's and the machine's CPU). Figures only: nothing asserts a time.
# Usage: bench/token-bench.sh [processes=4] [threads=16] [expiries=20] [simulated-days=3] [uncontended-samples=10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../infrastructure/scripts/lib.sh"
cd "$root"
"$root/infrastructure/scripts/setup-tools.sh" moto
# BENCH_SKIP_BUILD=1 reuses the harness jar already built (repeat runs on a busy machine).
jar=functions/harness/target/cch-harness-0.1.0-SNAPSHOT-all.jar
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
  ./mvnw -q -B -pl functions/harness -am package -DskipTests
fi
mkdir -p target
trap stop_moto EXIT
start_moto "$root/target/token-bench-moto.log"
BENCH_MOTO_PID="$MOTO_PID" java -cp "$jar" io.ccheadless.harness.TokenBench "$@"
