#!/usr/bin/env bash
# Mutation testing (PIT) of the token protocol, the OAuth client, their JSON and HTTP, and the rate rule: io.ccheadless.core.token.*,
# io.ccheadless.core.oauth.*, io.ccheadless.core.json.*, io.ccheadless.core.http.* and core.api's RateLimits, RateGovernor and RateGate, killed by the core's unit,
# property and simulation tests. Prints the score; the
# HTML report is functions/core/target/pit-reports/index.html. Needs no AWS emulator. About 5-10 minutes on 2 cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
./mvnw -B -q -pl .,functions/sandbox install -DskipTests   # the core's tests need the sandbox's jar (and its parent)
./mvnw -B -q -pl functions/core test-compile
./mvnw -B -pl functions/core org.pitest:pitest-maven:mutationCoverage "$@" 2>&1 | tee target/mutation.log \
  | grep -E '>> Generated|>> Line Coverage|Test strength|BUILD|ERROR' || true
csv=functions/core/target/pit-reports/mutations.csv
if [ -f "$csv" ]; then
  python3 - "$csv" <<'PY'
import csv, sys, collections
rows = list(csv.reader(open(sys.argv[1])))
status = collections.Counter(r[5] for r in rows)
killed = status['KILLED'] + status['TIMED_OUT'] + status['MEMORY_ERROR']
print(f"mutation: {killed} of {len(rows)} mutants killed ({100.0 * killed / max(1, len(rows)):.1f} %); " +
      ", ".join(f"{k.lower()} {v}" for k, v in sorted(status.items())))
for r in rows:
    if r[5] in ('SURVIVED', 'NO_COVERAGE'):
        print(f"  {r[5].lower():11s} {r[1].rsplit('.', 1)[-1]}.{r[3]}:{r[4]} {r[2].rsplit('.', 1)[-1]}")
PY
fi
