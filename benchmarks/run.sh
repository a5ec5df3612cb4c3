#!/usr/bin/env bash
# Builds the benchmarks (and the peers' class paths) and runs them, writing benchmarks/target/results.md:
#   race      the race against the peers: the pipeline into a JDK HTTP server sink, then into a real node
#             (agido logback-elasticsearch-appender and rfoltyns log4j2-elasticsearch, each in a JVM of its own)
#   burst     200,000 events from one thread into a real node, each contender as its README configures it
#   doccost   what a document costs the node, by template option, against a plain document of the same content
#   scale     1, 2, 4 threads; 1, 5, 50 key-values; 100 B, 1 KiB, 32 KiB messages
#   inflight  a real node's rate with 1, 2, 4 bulk requests in flight and batches of 1,000 to 10,000 (raw loaders)
#   cluster   one node against a local three-node cluster
#   caller    caller cost (JMH, 1 and 2 threads)
#   pipeline  the appender's own ceiling against raw loaders, and into a real node
#   memory    heap and off-heap at a steady rate and under a 10x burst; what a full buffer holds
# With no argument, all of them (about an hour on 2 cores); `benchmarks/run.sh race burst` runs those only.
# QUICK=1 runs everything shorter (noisier figures). Run it on a quiet machine: the figures are only as good as the
# cores are free; the load average before and after is written down.
set -euo pipefail
cd "$(dirname "$0")/.."

sections=("$@")
if [[ ${#sections[@]} -eq 0 ]]; then
  sections=(race burst doccost inflight scale caller pipeline memory cluster)
fi

mvn -B -q -ntp -pl benchmarks,benchmarks/peers/agido,benchmarks/peers/rfoltyns -am package -DskipTests

jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results.md
if [[ "${QUICK:-}" == "1" ]]; then
  jmh=(--warmups=2 --iterations=3 --seconds=1)
  sink_events=500000
  node_events=100000
  race_rounds=2
  node_rounds=1
  race_sink_events=300000
  race_node_events=60000
  scale_events=100000
  cost_events=100000
  cost_rounds=2
else
  jmh=(--warmups=3 --iterations=5 --seconds=2)
  sink_events=2000000
  node_events=300000
  race_rounds=3
  node_rounds=3
  race_sink_events=500000
  race_node_events=200000
  scale_events=300000
  cost_events=150000
  cost_rounds=3
fi

{
  echo "# Benchmark results"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
  echo "- JDK: $(java -version 2>&1 | head -1)"
  echo "- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (above ~0.5, other work shared the cores)"
  echo "- Command: \`benchmarks/run.sh ${*:-}\`$([[ "${QUICK:-}" == "1" ]] && echo " (QUICK=1)")"
  echo
} > "$out"

race=(java -cp "$jar" dev.calllog.benchmarks.race.Race)
for section in "${sections[@]}"; do
  echo "== $section ($(date -u '+%H:%M:%S'), load $(cut -d' ' -f1 /proc/loadavg))" >&2
  case "$section" in
    race)
      "${race[@]}" sink --rounds="$race_rounds" --events="$race_sink_events" --out="$out"
      "${race[@]}" node --rounds="$node_rounds" --events="$race_node_events" --out="$out" ;;
    burst) "${race[@]}" burst --events=200000 --out="$out" ;;
    doccost)
      java -cp "$jar" dev.calllog.benchmarks.race.DocumentCost --events="$cost_events" --rounds="$cost_rounds" \
        --out="$out" ;;
    scale) "${race[@]}" scale --events="$scale_events" --out="$out" ;;
    inflight) java -cp "$jar" dev.calllog.benchmarks.race.InFlight --events="$race_node_events" --out="$out" ;;
    cluster) "${race[@]}" cluster --events="$race_node_events" --out="$out" ;;
    caller) java -cp "$jar" dev.calllog.benchmarks.CallerCostReport "${jmh[@]}" --out="$out" ;;
    pipeline)
      java -Xms1g -Xmx1g -cp "$jar" dev.calllog.benchmarks.PipelineBenchmark sink --events="$sink_events" --out="$out"
      java -Xms1g -Xmx1g -cp "$jar" dev.calllog.benchmarks.PipelineBenchmark node --events="$node_events" --out="$out" ;;
    memory) java -Xmx512m -cp "$jar" dev.calllog.benchmarks.PipelineBenchmark memory --out="$out" ;;
    *) echo "unknown section: $section (race burst doccost inflight scale caller pipeline memory cluster)" >&2; exit 2 ;;
  esac
done

echo "- Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
echo "Results: $out"
