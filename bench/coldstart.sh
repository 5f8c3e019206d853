#!/usr/bin/env bash
# Cold-start benchmark. Builds every function's deployment jar (the functions of template.yaml, found through
# infrastructure/sam/Makefile) and the floor (bench/floor: the same SDK clients and, for each function, the calls its first invocation makes, nothing else),
# then, against moto and the CC sandbox, starts each one again and again in a fresh JVM under the Lambda Runtime
# Interface Emulator with the runtime interface client, with the template's MemorySize and environment
# (JAVA_TOOL_OPTIONS included), alternating functions, and prints per function: init, first and second invocation,
# peak RSS and jar size, beside the floor, and the ratios against the targets. Figures only: nothing asserts a time.
# Usage: bench/coldstart.sh [runs=10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../infrastructure/scripts/lib.sh"
cd "$root"
"$root/infrastructure/scripts/setup-tools.sh" all   # moto and cfn-lint (reads the template), the RIE
mkdir -p target/coldstart
spec=target/coldstart/functions.json
.tools/venv/bin/python bench/coldstart_template.py template.yaml infrastructure/sam/Makefile > "$spec"
modules="$(.tools/venv/bin/python -c 'import json,sys; print(",".join(sorted({f["module"] for f in json.load(open(sys.argv[1]))["functions"]})))' "$spec")"
echo "coldstart: building $modules, bench, bench/floor (Maven Wrapper, Java 25)"
./mvnw -q -B -pl "$modules,bench,bench/floor" -am package -DskipTests
ric="$(ls "$root"/bench/floor/target/ric/*.jar | paste -sd: -)"
trap stop_moto EXIT
export MOTO_RECORDER_FILEPATH="$root/target/coldstart/moto-recording.jsonl"   # the recorder the floors' calls come from
start_moto "$root/target/coldstart/moto.log"
java -Dcoldstart.root="$root" -Dcoldstart.functions="$spec" -Dcoldstart.ric="$ric" \
     -Dcoldstart.rie="$root/.tools/bin/aws-lambda-rie" \
     ${COLDSTART_ONLY:+-Dcoldstart.only="$COLDSTART_ONLY"} ${COLDSTART_JVM:+-Dcoldstart.jvm="$COLDSTART_JVM"} \
     ${COLDSTART_VARIANTS:+-Dcoldstart.variants="$COLDSTART_VARIANTS"} ${COLDSTART_JARS:+-Dcoldstart.jars="$COLDSTART_JARS"} \
     -cp bench/target/cch-bench-0.1.0-SNAPSHOT-all.jar io.ccheadless.bench.ColdStartBench "$@"
