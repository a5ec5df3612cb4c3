#!/usr/bin/env bash
# Runs every fault scenario N times, each in a JVM (and with an OpenSearch node) of its own, optionally while another
# process burns both cores, and prints per scenario: passes/N, sent, indexed, lost, lost by reason, duplicates and the
# test JVM's peak RSS.
#
#   fault-tests/loop.sh N [--stress] [--skip-long] [--only name,name...]
#
#   --stress     stress-ng --cpu 2 while the scenarios run (a busy JVM of two spinning threads where stress-ng is not
#                installed)
#   --skip-long  leave out the two 5-minute outages (each run then takes about 1 to 2 minutes per scenario)
#   --only       run only the named scenarios (names as printed by --list)
#   --out DIR    where runs write (default fault-tests/target/loop), so that two loops can run side by side
#   --no-build   use the classes of an earlier build (another loop's, running at the same time)
#   --list       print the scenarios and exit
#
# A node is given 10 minutes to start (-Dcalllog.opensearch.startupSeconds=600): on a busy machine, starting it is
# the slow part, and a start that times out is a failure of the machine, not of the appender.
#
# Each run's output is kept in DIR/<scenario>-<i>.log; the figures of every run are appended to DIR/figures.txt and
# the summary written to DIR/summary.txt. The exit status is 0 when every run of every scenario passed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

# name | test (Class#method) | system properties | long
scenarios=(
  "http-429-storm|HttpFaultsTest#a429StormIsRiddenOutWithBackoff||"
  "http-item-429-503|HttpFaultsTest#items429And503AreRetriedUntilIndexed||"
  "http-5xx|HttpFaultsTest#wholeRequest5xxAreRetried||"
  "http-connection-reset|HttpFaultsTest#connectionResetsAreRetried||"
  "http-poison-400|HttpFaultsTest#poisonDocumentsGoToTheDeadLetterFileAndNeverStallTheEventsBehindThem||"
  "http-413|HttpFaultsTest#aRequestAnswered413IsSplitUntilEachPartIsTaken||"
  "http-answer-too-late|HttpFaultsTest#aSlowAnswerTimesOutAndTheRetryIsRecognisedAsAlreadyIndexed||"
  "http-half-written|HttpFaultsTest#halfWrittenAnswersAreRetriedAndNothingIsIndexedTwice||"
  "http-slow-for-batches|HttpFaultsTest#aNodeTooSlowForAWholeBatchIsSentSmallerRequests||"
  "http-slow-for-batches-spool|HttpFaultsTest#aNodeTooSlowForAWholeBatchIsSentSmallerRequestsFromTheSpool||"
  "http-slow-mid-replay-spool|HttpFaultsTest#aBatchFromTheSpoolPartlyAnsweredGoesOnFromWhereItIs||"
  "node-down-60s-spool|NodeFaultsIT#nodeDownWithTheSpoolOnLosesNothingAndMemoryStaysBounded|-Dcalllog.faults.downSeconds=60|"
  "app-killed-node-down|ProcessCrashIT#everyEventBeforeTheLastDurabilityPointArrivesExactlyOnceAfterAKill||"
  "node-poison-400|LoadFaultsIT#poisonDocumentsAreDeadLetteredAndNeverStallTheOthers||"
  "node-timeout-too-short-spool|LoadFaultsIT#aRequestTimeoutTooShortForWholeBatchesStillDeliversEveryEventOnce||"
  "node-killed|NodeFaultsIT#nodeKilledUnderLoadAndRestartedLosesNothingAndDuplicatesNothing||"
  "node-down-60s-nospool|NodeFaultsIT#nodeDownWithoutTheSpoolCountsEveryLoss|-Dcalllog.faults.downSeconds=60|"
  "full-disk-under-spool|FullDiskIT#aFullDiskUnderTheSpoolCountsEveryLossAndDuplicatesNothing||"
  "node-down-5min-spool|NodeFaultsIT#nodeDownWithTheSpoolOnLosesNothingAndMemoryStaysBounded|-Dcalllog.faults.downSeconds=300|long"
  "node-down-5min-nospool|NodeFaultsIT#nodeDownWithoutTheSpoolCountsEveryLoss|-Dcalllog.faults.downSeconds=300|long"
)

n=""
stress=false
skip_long=false
only=""
out="$here/target/loop"
build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --stress) stress=true ;;
    --skip-long) skip_long=true ;;
    --only) only=",$2,"; shift ;;
    --out) out="$2"; shift ;;
    --no-build) build=false ;;
    --list) for s in "${scenarios[@]}"; do echo "${s%%|*}"; done; exit 0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) n="$1" ;;
  esac
  shift
done
case "$n" in
  ''|*[!0-9]*|0) echo "usage: $0 N [--stress] [--skip-long] [--only name,...] [--list]" >&2; exit 2 ;;
esac

mkdir -p "$out"
cp_file="$here/target/loop-classpath.txt"

if $build; then
  echo "Building fault-tests and the modules it needs (no tests)..."
  (cd "$root" && mvn -B -ntp -q -pl fault-tests -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/loop-classpath.txt -Dmdep.includeScope=test) > "$out/build.log" 2>&1 \
    || { tail -50 "$out/build.log"; exit 1; }
fi
classpath="$here/target/test-classes:$(cat "$cp_file")"

stress_pid=""
stop_stress() {
  if [ -n "$stress_pid" ]; then
    kill "$stress_pid" 2>/dev/null || true
    wait "$stress_pid" 2>/dev/null || true
  fi
}
trap stop_stress EXIT
if $stress; then
  if command -v stress-ng >/dev/null 2>&1; then
    stress-ng --cpu 2 --quiet >/dev/null 2>&1 &
    stress_pid=$!
    echo "CPU stress: stress-ng --cpu 2 (pid $stress_pid)"
  else
    cat > "$out/Busy.java" <<'JAVA'
public class Busy {
    public static void main(String[] a) {
        for (int t = 0; t < 2; t++) {
            new Thread(() -> { long x = 0; while (true) { x = x * 31 + System.nanoTime(); if (x == 42) System.out.print(""); } }).start();
        }
    }
}
JAVA
    java "$out/Busy.java" &
    stress_pid=$!
    echo "CPU stress: a JVM with two spinning threads (pid $stress_pid)"
  fi
fi

all_ok=true
: > "$out/figures.txt"
summary="$out/summary.txt"
: > "$summary"
for s in "${scenarios[@]}"; do
  IFS='|' read -r name test props long <<< "$s"
  if [ -n "$only" ] && [[ "$only" != *",$name,"* ]]; then continue; fi
  if $skip_long && [ "$long" = long ]; then continue; fi
  passes=0
  : > "$out/$name.figures"
  for i in $(seq 1 "$n"); do
    log="$out/$name-$i.log"
    start=$(date +%s)
    set +e
    # shellcheck disable=SC2086
    (cd "$here" && java -Xmx1g -Dbasedir="$here" -Dcalllog.opensearch.startupSeconds=600 $props -cp "$classpath" dev.calllog.faults.FaultLoop \
      "dev.calllog.faults.$test") > "$log" 2>&1
    status=$?
    set -e
    secs=$(( $(date +%s) - start ))
    fig=$(grep '^FIGURES ' "$log" | tail -1 || true)
    if [ "$status" -eq 0 ]; then
      passes=$((passes + 1)); verdict=pass
    elif [ "$status" -eq 2 ]; then
      verdict="did not run (skipped)"; all_ok=false
    else
      verdict=FAIL; all_ok=false
    fi
    echo "[$name $i/$n] $verdict in ${secs}s ${fig#FIGURES }"
    [ -n "$fig" ] && echo "$fig" >> "$out/$name.figures" && echo "$name $i $verdict $fig" >> "$out/figures.txt"
  done
  # The figures over the runs: min..max of each count, every distinct drop breakdown.
  awk -v name="$name" -v passes="$passes" -v n="$n" '
    function num(k, v) { if (!(k in lo) || v < lo[k]) lo[k] = v; if (!(k in hi) || v > hi[k]) hi[k] = v }
    function range(k) { if (!(k in lo)) return "-"; return lo[k] == hi[k] ? lo[k] : lo[k] ".." hi[k] }
    {
      for (i = 1; i <= NF; i++) {
        split($i, kv, "="); k = kv[1]; v = kv[2]
        if (k == "sent" || k == "logged_at_last_report") num("sent", v)
        else if (k == "indexed") num("indexed", v)
        else if (k == "lost" || k == "lost_before_durability_point") num("lost", v)
        else if (k == "duplicates") num("duplicates", v)
        else if (k == "dead_lettered") num("dead_lettered", v)
        else if (k == "max_rss_mb") num("rss", v)
        else if (k == "dropped_by_reason" && !(v in seen)) { seen[v] = 1; reasons = reasons (reasons == "" ? "" : " / ") v }
      }
    }
    END {
      printf "%-24s %s/%s  sent %s  indexed %s  lost %s  dropped by reason %s  dead-lettered %s  duplicates %s  max RSS %s MB\n",
        name, passes, n, range("sent"), range("indexed"), range("lost"), (reasons == "" ? "-" : reasons),
        range("dead_lettered"), range("duplicates"), range("rss")
    }' "$out/$name.figures" >> "$summary"
done

echo
echo "Summary ($n runs per scenario$($stress && echo ', under CPU stress')):"
cat "$summary"
$all_ok
