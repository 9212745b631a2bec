#!/usr/bin/env bash
# Starts sell, building target/sell.jar first when it is missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")"
jar=target/sell.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src static -newer "$jar" -type f -print -quit)" ]; then
    echo "run.sh: building $jar" >&2
    mvn -B -q package -DskipTests
fi
exec java -jar "$jar" "$@"
