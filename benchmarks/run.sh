#!/usr/bin/env bash
# Builds the benchmarks and runs all of them, writing benchmarks/target/results.md:
#   1. caller cost (JMH, 1 and 2 threads), 2. pipeline throughput into an instant sink,
#   3. end to end into a real local OpenSearch node, 4. memory at a steady rate and under a 10x burst.
# Takes about 15 minutes. Run it on a quiet machine: the figures are only as good as the cores are free.
# QUICK=1 runs everything shorter (a few minutes; noisier figures).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp -pl benchmarks -am package -DskipTests

jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results.md
if [[ "${QUICK:-}" == "1" ]]; then
  jmh=(--warmups=2 --iterations=3 --seconds=1)
  sink_events=500000
  node_events=100000
else
  jmh=(--warmups=3 --iterations=5 --seconds=2)
  sink_events=2000000
  node_events=300000
fi

{
  echo "# Benchmark results"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
  echo "- JDK: $(java -version 2>&1 | head -1)"
  echo "- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (above ~0.5, other work shared the cores)"
  echo "- Command: \`benchmarks/run.sh\`"
  echo
} > "$out"

java -cp "$jar" dev.calllog.benchmarks.CallerCostReport "${jmh[@]}" --out="$out"
java -Xms1g -Xmx1g -cp "$jar" dev.calllog.benchmarks.PipelineBenchmark sink --events="$sink_events" --out="$out"
java -Xms1g -Xmx1g -cp "$jar" dev.calllog.benchmarks.PipelineBenchmark node --events="$node_events" --out="$out"
java -Xmx512m -cp "$jar" dev.calllog.benchmarks.PipelineBenchmark memory --out="$out"

echo "- Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
echo "Results: $out"
