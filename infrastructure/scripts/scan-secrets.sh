#!/usr/bin/env bash
# Fails if any test's output (Surefire/Failsafe per-test output, RIE logs, the Maven log) contains a
# token: a JWT (every CC and sandbox access token is one) or a sandbox refresh token/secret marker.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
files=$(ls "$root"/functions/*/target/*-reports/*-output.txt "$root"/functions/*/target/rie-*.log "$root"/target/test-all-maven.log 2>/dev/null)
[ -n "$files" ] || { echo "scan-secrets: no test output found to scan" >&2; exit 1; }
hits=$(grep -lE 'eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.' $files 2>/dev/null)
if [ -n "$hits" ]; then
  echo "scan-secrets: a JWT appears in:" >&2; echo "$hits" >&2; exit 1
fi
echo "scan-secrets: $(echo "$files" | wc -l) output files scanned, no token found"
