#!/usr/bin/env bash
# Builds and tests every example against the artifacts in the local Maven repository, as a user's project would
# (run "mvn install" at the project's root first). Each example is a standalone Maven project whose test starts one
# OpenSearch node through calllog-test-support (or uses OPENSEARCH_URL when set). Extra arguments go to every Maven
# run, e.g. -Dmaven.repo.local=/path/to/repository.
set -euo pipefail
cd "$(dirname "$0")"
failed=()
for pom in */pom.xml; do
  name=${pom%/pom.xml}
  echo "== examples/$name"
  start=$SECONDS
  if mvn -B -ntp -f "$pom" verify "$@"; then
    echo "== examples/$name: passed in $((SECONDS - start)) s"
  else
    echo "== examples/$name: FAILED after $((SECONDS - start)) s"
    failed+=("$name")
  fi
done
if ((${#failed[@]} > 0)); then
  echo "Examples failed: ${failed[*]}"
  exit 1
fi
