#!/usr/bin/env bash
# Schemathesis against the standalone sandbox, strict as real CC may be (--strict), for the CC operations the sync
# reads: every answer must conform to CC's contract (docs/cc-api/swagger.yaml). Request-validation differences from
# CC that remain are listed, with their reasons, in docs/cc-api.md §8.2.
# Needs the sandbox jar (mvnw package) and .tools/schemathesis-venv (setup-tools.sh).
# Usage: contract-check.sh [max-examples=25]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
examples="${1:-25}"
java_home="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=$(ls functions/sandbox/target/cch-sandbox-*-standalone.jar)
venv="${SCHEMATHESIS_VENV:-$root/.tools/schemathesis-venv}"
st="$venv/bin/schemathesis"
py="$venv/bin/python"
mkdir -p target
log="$root/target/contract-sandbox.log"
"$java_home/bin/java" -jar "$jar" --port 0 --strict --no-api-rate-limit --no-token-rate-limit --campaigns 120 \
  > "$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "CC sandbox at" "$log" && break; sleep 0.1; done
line=$(grep "CC sandbox at" "$log")
base=$(sed -E 's/.*CC sandbox at ([^ ]+) .*/\1/' <<<"$line")
client=$(sed -E 's/.* client_id=([^ ]+) .*/\1/' <<<"$line")
# a token through the device flow, approved with the sandbox's control API
device=$(curl -sf -X POST "$base/oauth2/default/v1/device/authorize" \
  --data-urlencode "client_id=$client" --data-urlencode "scope=campaign_data account_read offline_access")
user_code=$("$py" -c 'import json,sys; print(json.load(sys.stdin)["user_code"])' <<<"$device")
device_code=$("$py" -c 'import json,sys; print(json.load(sys.stdin)["device_code"])' <<<"$device")
curl -sf -X POST "$base/sandbox/device/approve" -H 'Content-Type: application/json' \
  -d "{\"user_code\": \"$user_code\"}" >/dev/null
token=$(curl -sf -X POST "$base/oauth2/default/v1/token" \
  --data-urlencode "grant_type=urn:ietf:params:oauth:grant-type:device_code" \
  --data-urlencode "device_code=$device_code" --data-urlencode "client_id=$client" \
  | "$py" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
echo "contract-check: schemathesis $("$st" --version | awk '{print $NF}') against the strict sandbox at $base"
# the operations the sync reads; response conformance is the check that must pass
# from target/contract, where schemathesis keeps its cache of earlier failures
mkdir -p "$root/target/contract" && cd "$root/target/contract"
"$st" run "$root/docs/cc-api/swagger.yaml" --url "$base/v3" -H "Authorization: Bearer $token" \
  --include-operation-id retrieveEmailCampaignsUsingGET --include-operation-id retrieveEmailCampaignUsingGET \
  --include-operation-id retrieveEmailCampaignActivityUsingGET --include-operation-id retrieveEmailSendHistoryUsingGET \
  --include-operation-id getAllBulkEmailCampaignSummaries --include-operation-id getEmailSummary \
  --checks response_schema_conformance,not_a_server_error \
  --max-examples "$examples" --seed 42 --workers 1 --report junit --report-junit-path "$root/target/contract-junit.xml"
