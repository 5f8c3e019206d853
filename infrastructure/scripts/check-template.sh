#!/usr/bin/env bash
# Checks template.yaml offline with the project's pinned tools (installed by setup-tools.sh):
#   cfn-lint      .tools/venv/bin/cfn-lint template.yaml
#   sam-validate  .tools/venv/bin/sam validate --lint --template template.yaml --region us-east-1
#   checkov       .tools/checkov-venv/bin/checkov -f template.yaml --framework cloudformation --skip-download
#                 (IaC security scan: every check passes, or is suppressed on its resource under
#                 Metadata.checkov.skip with a one-line comment; a skip without a comment fails here)
# Prints one line per check, "check: <name>: PASS|FAIL", and exits non-zero if any fails.
# Neither check calls AWS: `sam validate --lint` runs cfn-lint in-process. Fake credentials,
# empty AWS config files and a disabled instance-metadata lookup make sure no real
# credentials are picked up and nothing waits on the network.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

venv="$root/.tools/venv/bin"
checkov="$root/.tools/checkov-venv/bin/checkov"
for tool in "$venv/cfn-lint" "$venv/sam" "$checkov"; do
  if [ ! -x "$tool" ]; then
    echo "check-template: $tool not found; run infrastructure/scripts/setup-tools.sh first" >&2
    exit 2
  fi
done

export SAM_CLI_TELEMETRY=0
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export AWS_SESSION_TOKEN=testing
export AWS_DEFAULT_REGION=us-east-1
export AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE

failed=0
run_check() {
  local name="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then
    echo "check: $name: PASS"
  else
    failed=1
    echo "check: $name: FAIL"
    printf '%s\n' "$out" | sed 's/^/  /'
  fi
}

run_check cfn-lint "$venv/cfn-lint" template.yaml
run_check sam-validate "$venv/sam" validate --lint --template template.yaml --region us-east-1
# --skip-download: no call to the vendor's platform (offline; nothing of the template leaves the machine).
run_check checkov "$checkov" -f template.yaml --framework cloudformation --skip-download --compact --quiet
run_check checkov-skips-explained "$venv/python" - <<'PY'
import sys, yaml
class Loader(yaml.SafeLoader):
    pass
Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
resources = yaml.load(open("template.yaml"), Loader=Loader)["Resources"]
bad = [f"{name}: {skip.get('id')}" for name, r in resources.items()
       for skip in ((r.get("Metadata") or {}).get("checkov") or {}).get("skip", [])
       if not str(skip.get("comment") or "").strip()]
if bad:
    print("checkov skips without a reason: " + ", ".join(bad))
    sys.exit(1)
PY

exit "$failed"
