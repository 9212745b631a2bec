#!/usr/bin/env bash
# Runs the benchmark against the real jar in its own process: bench/run.sh [scenario] [--option value]...
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test > /dev/null
exec java -Xss512k -cp "target/test-classes:$(cat target/bench.classpath)" sell.bench.Benchmark "$@"
