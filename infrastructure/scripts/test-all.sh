#!/usr/bin/env bash
# Command two: every test. Installs the tools (venv with moto, cfn-lint, aws-sam-cli; the Lambda Runtime
# Interface Emulator), starts moto server, runs unit, sandbox, adapter (moto) and Runtime-Interface-Emulator
# tests through Maven, checks the template, scans all test output for tokens, and prints "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
"$root/infrastructure/scripts/setup-tools.sh" all || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p target
trap stop_moto EXIT
start_moto "$root/target/test-moto.log" || { echo "0 passed, 1 failed"; exit 1; }
export CCH_TEST_AWS_ENDPOINT="$AWS_ENDPOINT_URL"
export CCH_RIE="$root/.tools/bin/aws-lambda-rie"
# Only the tests' own clients use the emulator; unset so nothing else talks to it by accident.
unset AWS_ENDPOINT_URL

# Count only this run's results: drop reports an earlier (or partial) run left behind.
rm -rf "$root"/functions/*/target/surefire-reports "$root"/functions/*/target/failsafe-reports \
       "$root"/bench/target/surefire-reports "$root"/bench/target/failsafe-reports
echo "test-all: mvnw verify (unit, sandbox, moto adapter and RIE tests)"
./mvnw -B verify 2>&1 | tee target/test-all-maven.log | grep -E 'Tests run:|FAIL|ERROR|BUILD|Reactor Summary|SUCCESS' 
maven_rc=${PIPESTATUS[0]}

checks_passed=0; checks_failed=0
check() { # check NAME COMMAND...
  if "${@:2}"; then echo "check: $1: PASS"; checks_passed=$((checks_passed+1)); else echo "check: $1: FAIL"; checks_failed=$((checks_failed+1)); fi
}
check template "$root/infrastructure/scripts/check-template.sh"
check no-tokens-in-test-output "$root/infrastructure/scripts/scan-secrets.sh"
# schemathesis against the standalone strict sandbox: every answer of the CC operations we use conforms to the contract
check sandbox-contract-schemathesis "$root/infrastructure/scripts/contract-check.sh"

read -r tests failed skipped < <(python3 "$root/infrastructure/scripts/count-tests.py" "$root")
if [ "$maven_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "test-all: Maven failed outside the test counts (see target/test-all-maven.log)"; fi
passed=$((tests - failed - skipped + checks_passed))
failed=$((failed + checks_failed))
echo "test-all: $tests JUnit tests ($skipped skipped) + $((checks_passed + checks_failed)) checks"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
