#!/bin/sh
# Alternates two jars (A = baseline, B = this branch) over the scale-out configurations, round by
# round, the order reversed every other round (docs/performance.md, "Scale-out"). Each run is one
# cluster-ab.sh; results go to OUT_DIR/A.jsonl and OUT_DIR/B.jsonl, summarised by
# cluster-summary.py. B alone also runs H2 (1 node), pg-redis (1 node) and 3 nodes.
# usage: cluster-rounds.sh A_JAR B_JAR ROUNDS OUT_DIR [SHAPE]
set -eu
A=$1 B=$2 ROUNDS=$3 OUT=$4 SHAPE=${5:-s}
HERE=$(dirname "$0")
mkdir -p "$OUT"
run() { # LABEL JAR STORE NODES
  echo "$(date -u +%T) $1 $3 $4 nodes, load $(cut -d' ' -f1 /proc/loadavg)" >&2
  JAR=$2 sh "$HERE/cluster-ab.sh" "$3" "$4" "$SHAPE" "$OUT/$1.jsonl" || echo "run failed: $1 $3 $4" >&2
}
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then
    run A "$A" pg 2; run B "$B" pg 2; run A "$A" pg 1; run B "$B" pg 1
    run B "$B" h2 1; run B "$B" pg-redis 1; run B "$B" pg 3
  else
    run B "$B" pg 3; run B "$B" pg-redis 1; run B "$B" h2 1
    run B "$B" pg 1; run A "$A" pg 1; run B "$B" pg 2; run A "$A" pg 2
  fi
done
