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

stamp="$tools/venv/.installed-$MOTO_VERSION-$CFN_LINT_VERSION-$SAM_CLI_VERSION"
if [ ! -f "$stamp" ]; then
  echo "setup: creating Python venv in .tools/venv (moto $MOTO_VERSION, cfn-lint $CFN_LINT_VERSION, aws-sam-cli $SAM_CLI_VERSION)"
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
    "moto[server]==$MOTO_VERSION" "cfn-lint==$CFN_LINT_VERSION" "aws-sam-cli==$SAM_CLI_VERSION"
  touch "$stamp"
fi

checkov_stamp="$tools/checkov-venv/.installed-$CHECKOV_VERSION"
if [ "$what" = all ] && [ ! -f "$checkov_stamp" ]; then
  echo "setup: creating Python venv in .tools/checkov-venv (checkov $CHECKOV_VERSION)"
  python3 -m venv "$tools/checkov-venv"
  "$tools/checkov-venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  touch "$checkov_stamp"
fi

# schemathesis in its own venv (its dependencies stay apart from moto's and sam's): the sandbox contract check
SCHEMATHESIS_VERSION="4.32.5"
st_stamp="$tools/schemathesis-venv/.installed-$SCHEMATHESIS_VERSION"
if [ "$what" = all ] && [ ! -f "$st_stamp" ]; then
  echo "setup: creating Python venv in .tools/schemathesis-venv (schemathesis $SCHEMATHESIS_VERSION)"
  python3 -m venv "$tools/schemathesis-venv"
  "$tools/schemathesis-venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  touch "$st_stamp"
fi

if [ "$what" = all ] && [ ! -x "$tools/bin/aws-lambda-rie" ]; then
  command -v go >/dev/null || { echo "setup: Go is required to build the Lambda Runtime Interface Emulator" >&2; exit 1; }
  echo "setup: building aws-lambda-rie $RIE_VERSION with go install"
  GOBIN="$tools/bin" go install "$RIE_MODULE@$RIE_VERSION"
fi
