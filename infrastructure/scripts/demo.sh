#!/usr/bin/env bash
# Command one: the main job on the embedded default. One scheduled sync, end to end, with no AWS account
# and no Constant Contact account: the CC sandbox stands in for CC, moto server for AWS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
"$root/infrastructure/scripts/setup-tools.sh" moto
echo "demo: building the CLI (Maven Wrapper, Java 25)"
./mvnw -q -B -pl functions/cli -am package -DskipTests
mkdir -p target
trap stop_moto EXIT
start_moto "$root/target/demo-moto.log"
java -jar functions/cli/target/cch-cli-0.1.0-SNAPSHOT-all.jar demo "$@"
