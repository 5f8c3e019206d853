#!/usr/bin/env bash
# Many tenants under one API key over a simulated day. Connects N tenants to one CC sandbox that enforces the key's
# limits across all of them, then runs the 24 hourly fan-outs of one UTC day, measured: the dispatcher enqueues one
# message per ACTIVE tenant on SQS (moto), pollers play Lambda's event source mapping, each with its own container
# (own rate governor). One clock serves the sandbox and the product; it runs with real time while anyone works and
# skips ahead while every worker waits (docs/tenants.md, "The simulated day"). Prints CC requests per tenant-day,
# 429s, the most requests in any second against the key, the wall time of one fan-out (sandbox clock and real),
# DynamoDB writes per tenant-day (governor included) and how many quiet tenants one standard key (10,000/day, 4/s)
# and one partner key (250,000/day, 10/s) can sync hourly. Figures only: nothing is asserted.
# The default key is a partner key's limits: 1,000 quiet tenants need more than a standard key's 10,000 a day.
# Usage: bench/tenants.sh [tenants=1000] [key=partner|standard] [pollers=5] [campaigns=5] [hours=24]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../infrastructure/scripts/lib.sh"
cd "$root"
"$root/infrastructure/scripts/setup-tools.sh" moto
./mvnw -q -B -pl bench -am package -DskipTests
mkdir -p target
trap stop_moto EXIT
start_moto "$root/target/tenants-bench-moto.log"
java -cp bench/target/cch-bench-0.1.0-SNAPSHOT-all.jar io.ccheadless.bench.TenantsBench "$@"
