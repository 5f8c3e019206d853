#!/usr/bin/env bash
# Many tenants under one API key. Connects N tenants to one CC sandbox that enforces CC's per-key limits (4/s,
# 10,000/day) across all of them, then runs H hourly fan-outs on the sandbox clock: the dispatcher enqueues one
# message per ACTIVE tenant on SQS (moto), pollers play Lambda's event source mapping, each with its own container
# (own rate governor). Prints CC requests per tenant-day, 429s, the most requests in any second against the key,
# the wall time of one fan-out, DynamoDB writes per tenant-day (governor included) and how many quiet tenants one
# standard key (10,000/day) and one partner key (250,000/day) can sync hourly. Figures only: nothing is asserted.
# Usage: bench/tenants.sh [tenants=20] [hours=3] [pollers=5]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../infrastructure/scripts/lib.sh"
cd "$root"
"$root/infrastructure/scripts/setup-tools.sh" moto
./mvnw -q -B -pl bench -am package -DskipTests
mkdir -p target
trap stop_moto EXIT
start_moto "$root/target/tenants-bench-moto.log"
java -cp bench/target/cch-bench-0.1.0-SNAPSHOT-all.jar io.ccheadless.bench.TenantsBench "$@"
