#!/usr/bin/env bash
# Runs the calllog tool (java -jar cli/target/calllog.jar), building it first when it is missing or older than the
# sources. Example: ./calllog.sh setup --url https://search.example.com:9200 --user admin
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
jar="$root/cli/target/calllog.jar"
if [[ ! -f $jar ]] || [[ -n $(cd "$root" && find pom.xml core opensearch-templates kibana-dashboards cli -newer "$jar" \
        \( -name pom.xml -o -path '*/src/main/*' \) -type f -print -quit) ]]; then
    echo "Building the calllog tool..." >&2
    mvn -B -q -ntp -f "$root/pom.xml" -DskipTests -pl cli -am package >&2
fi
# Not run from the project directory: relative paths given to the tool (--dashboards-file) stay the caller's.
exec java -jar "$jar" "$@"
