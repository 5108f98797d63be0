#!/bin/bash
# scenarios-ab.sh ROUNDS WARMUP DURATION LABEL=JAR [LABEL=JAR...]: the scenarios of docs/performance.md (SCEN, default "a c d")
# alternates the jars scenario by scenario, round by round; results in $QB/ab/<label>-<scenario>-<round>.json (QB default /var/tmp/qb)
R=$1; W=$2; D=$3; shift 3
declare -A SC=( [a]="--editors 10 --docs 1 --rate-ms 50" [b]="--editors 50 --docs 1 --rate-ms 50" [c]="--editors 10 --docs 1 --closed-loop" [d]="--editors 100 --docs 100 --closed-loop" )
SCEN=${SCEN:-a c d}
QB=${QB:-/var/tmp/qb}
mkdir -p $QB/ab
for r in $(seq 1 $R); do
  for s in $SCEN; do
    for lj in "$@"; do
      l=${lj%%=*}; j=${lj#*=}
      port=$((30000 + RANDOM % 10000)); dd=$QB/data-ab; rm -rf $dd
      java -jar $j --host 127.0.0.1 --port $port --data-dir $dd --op-rate 0 $SERVER_ARGS > $QB/ab/server.log 2>&1 &
      sp=$!
      for k in $(seq 1 600); do grep -q "listening" $QB/ab/server.log && break; sleep 0.1; done
      java -jar ${GEN:?set GEN to the jar whose bench generates the load} bench --url ws://127.0.0.1:$port/ws --server-pid $sp --duration $D --warmup $W --no-progress --json $QB/ab/$l-$s-$r.json ${SC[$s]} > $QB/ab/$l-$s-$r.txt 2>&1
      kill $sp; wait $sp 2>/dev/null
      echo "$(date +%H:%M:%S) round $r $s $l load $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
