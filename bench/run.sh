#!/usr/bin/env bash
# Runs the benchmark against the real jar in its own process: bench/run.sh [scenario] [--option value]...
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
./run.sh self-test > /dev/null # records the class archive that run.sh starts the service with
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test > /dev/null
# target/classes: the report scenario places its year of orders through the app in-process
exec java -Xss512k -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" sell.bench.Benchmark "$@"
