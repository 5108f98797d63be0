#!/bin/bash
# CPU time of authorship tracking on the automerge-paper replay (issue 17, docs/performance.md
# "Authorship on a quiet machine"): AuthorshipBenchmark ROUNDS in FORKS forks per version of
# ot-core's classes, the versions alternated fork by fork; one line per fork with the medians
# (ms a replay: without, with, apply only) and the with / without ratio (median and quartiles).
# Usage: authorship-cpu-forks.sh FORKS ROUNDS BENCH_CLASSES TEST_CLASSES LABEL=OT_CORE_CLASSES...
#   BENCH_CLASSES: the bench sources compiled with javac (see docs/performance.md);
#   TEST_CLASSES: ot-core/target/test-classes (the trace reader); traces from ../shared/traces.
set -eu
forks=$1; rounds=$2; bench=$3; tests=$4; shift 4
traces=${QUIRE_TRACES:-$(cd "$(dirname "$0")/../../.." && pwd)/../shared/traces}
for f in $(seq 1 "$forks"); do
  for arm in "$@"; do
    label=${arm%%=*}; cls=${arm#*=}
    out=$(java -Dquire.traces="$traces" -cp "$bench:$cls:$tests" dev.quire.ot.bench.AuthorshipBenchmark "$rounds" 2>&1)
    w=$(echo "$out" | awk '/^without cpu/ {print $5}')
    x=$(echo "$out" | awk '/^with cpu/ {print $5}')
    a=$(echo "$out" | awk '/^apply only cpu/ {print $6}')
    r=$(echo "$out" | awk '/with \/ without cpu/ {print $6, $8 $9}')
    echo "$f $label without $w with $x apply $a ratio $r load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
