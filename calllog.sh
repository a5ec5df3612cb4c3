#!/usr/bin/env bash
# Runs the calllog tool (java -jar cli/target/calllog.jar), building it first when it is missing or older than the
# sources. Example: ./calllog.sh setup --url https://search.example.com:9200 --user admin
set -euo pipefail
cd "$(dirname "$0")"
jar=cli/target/calllog.jar
if [[ ! -f $jar ]] || [[ -n $(find pom.xml core opensearch-templates cli -newer "$jar" \
        \( -name pom.xml -o -path '*/src/main/*' \) -type f -print -quit) ]]; then
    echo "Building the calllog tool..." >&2
    mvn -B -q -ntp -DskipTests -pl cli -am package >&2
fi
exec java -jar "$jar" "$@"
