#!/usr/bin/env bash
# Runs the demo: simulated voice-agent calls -> Logback appender -> OpenSearch -> call-detail timeline.
# Uses the cluster at OPENSEARCH_URL, or starts a local node from the Maven artifact when it is not set.
set -euo pipefail
cd "$(dirname "$0")"
echo "Building the demo (the first run downloads dependencies and the OpenSearch distribution)..."
mvn -B -q -ntp -DskipTests -pl demo -am package
exec java -jar demo/target/calllog-demo.jar "$@"
