#!/usr/bin/env bash
# Token protocol simulation, long run: seeded schedules of 2–4 redeemers (real TokenService and OAuthClient code)
# against fakes that enforce DynamoDB's conditions, Secrets Manager's version rule and CC's rotation, with faults
# drawn from each seed (functions/core/src/test/java/io/ccheadless/core/token/sim). Prints schedules run, violations
# by invariant, the faults injected and the outcomes. Exits non-zero on a violation no known finding explains
# (that is SIM_STRICT=false; the default SIM_STRICT=true exits non-zero on any violation). Replay a seed: ./mvnw -q -B -pl functions/sandbox,functions/core test -Dtest=SimReplayTest -Dsurefire.failIfNoSpecifiedTests=false -Dsim.seed=N
# Usage: bench/token-sim.sh [schedules=200000] [first-seed=1] [workers=cores]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../infrastructure/scripts/lib.sh"
cd "$root"
./mvnw -q -B -pl functions/sandbox,functions/core test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/sim-classpath.txt -Dmdep.includeScope=test
cp="functions/core/target/test-classes:functions/core/target/classes:$(cat functions/core/target/sim-classpath.txt)"
java -Dsim.strict="${SIM_STRICT:-true}" -cp "$cp" io.ccheadless.core.token.sim.SimRunner \
  "${1:-200000}" "${2:-1}" "${3:-$(nproc)}"
