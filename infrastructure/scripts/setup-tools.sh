#!/usr/bin/env bash
# Installs every tool the tests and the local job need, into the project (idempotent):
#   .tools/venv            Python venv with moto[server], cfn-lint, aws-sam-cli
#   .tools/checkov-venv    Python venv with checkov (its own: its pinned dependencies clash with aws-sam-cli's)
#   .tools/bin/aws-lambda-rie  the AWS Lambda Runtime Interface Emulator, built from its Go module
#   .tools/schemathesis-venv   schemathesis, for the sandbox's contract check (contract-check.sh)
# Java 25 (Temurin) and Go must already be on the machine (see README).
# Usage: setup-tools.sh [all|moto]   (moto: only the venv, for the demo)
set -euo pipefail
what="${1:-all}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools/bin"

MOTO_VERSION="5.2.5"
CFN_LINT_VERSION="1.58.0"
SAM_CLI_VERSION="1.170.0"
CHECKOV_VERSION="3.3.30"
RIE_MODULE="github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"
RIE_VERSION="v0.0.0-20261030222936-bef5c4ba774d"

# The installs are independent and mostly wait on the network: they run side by side, and the script fails if any
# of them failed (each one's output is kept in .tools/setup-<name>.log and shown when it fails).
pids=(); names=()
run_install() { # run_install NAME COMMAND...
  local name="$1"; shift
  ( "$@" ) > "$tools/setup-$name.log" 2>&1 &
  pids+=("$!"); names+=("$name")
}

stamp="$tools/venv/.installed-$MOTO_VERSION-$CFN_LINT_VERSION-$SAM_CLI_VERSION"
install_venv() {
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
    "moto[server]==$MOTO_VERSION" "cfn-lint==$CFN_LINT_VERSION" "aws-sam-cli==$SAM_CLI_VERSION"
  touch "$stamp"
}
if [ ! -f "$stamp" ]; then
  echo "setup: creating Python venv in .tools/venv (moto $MOTO_VERSION, cfn-lint $CFN_LINT_VERSION, aws-sam-cli $SAM_CLI_VERSION)"
  run_install venv install_venv
fi

checkov_stamp="$tools/checkov-venv/.installed-$CHECKOV_VERSION"
install_checkov() {
  python3 -m venv "$tools/checkov-venv"
  "$tools/checkov-venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  touch "$checkov_stamp"
}
if [ "$what" = all ] && [ ! -f "$checkov_stamp" ]; then
  echo "setup: creating Python venv in .tools/checkov-venv (checkov $CHECKOV_VERSION)"
  run_install checkov install_checkov
fi

SCHEMATHESIS_VERSION="4.32.5"
st_stamp="$tools/schemathesis-venv/.installed-$SCHEMATHESIS_VERSION"
install_schemathesis() {
  python3 -m venv "$tools/schemathesis-venv"
  "$tools/schemathesis-venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  touch "$st_stamp"
}
if [ "$what" = all ] && [ ! -f "$st_stamp" ]; then
  echo "setup: creating Python venv in .tools/schemathesis-venv (schemathesis $SCHEMATHESIS_VERSION)"
  run_install schemathesis install_schemathesis
fi

if [ "$what" = all ] && [ ! -x "$tools/bin/aws-lambda-rie" ]; then
  command -v go >/dev/null || { echo "setup: Go is required to build the Lambda Runtime Interface Emulator" >&2; exit 1; }
  echo "setup: building aws-lambda-rie $RIE_VERSION with go install"
  run_install rie env GOBIN="$tools/bin" go install "$RIE_MODULE@$RIE_VERSION"
fi

failed=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "setup: ${names[$i]} failed:" >&2
    cat "$tools/setup-${names[$i]}.log" >&2
    failed=1
  fi
done
[ "$failed" -eq 0 ] || exit 1

