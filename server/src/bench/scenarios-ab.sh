#!/bin/bash
# scenarios-ab.sh ROUNDS WARMUP DURATION LABEL=JAR [LABEL=JAR...]: the scenarios of docs/performance.md (SCEN, default "a c d")
# alternates the jars scenario by scenario, round by round; results in $QB/ab/<label>-<scenario>-<round>.json (QB default /var/tmp/qb)
# server arguments: SERVER_ARGS for every arm, plus ARGS_<label> for one arm (e.g. ARGS_off="--sync-commits false")
# generator arguments: BENCH_ARGS_<label> for one arm (e.g. BENCH_ARGS_off="--in-flight 1"; a GEN from before decision 039 knows no --in-flight)
# each server takes a free port (--port 0) and its own data directory, so parallel runs cannot meet
R=$1; W=$2; D=$3; shift 3
declare -A SC=( [a]="--editors 10 --docs 1 --rate-ms 50" [b]="--editors 50 --docs 1 --rate-ms 50" [c]="--editors 10 --docs 1 --closed-loop" [d]="--editors 100 --docs 100 --closed-loop" )
SCEN=${SCEN:-a c d}
QB=${QB:-/var/tmp/qb}
mkdir -p $QB/ab
for r in $(seq 1 $R); do
  for s in $SCEN; do
    for lj in "$@"; do
      l=${lj%%=*}; j=${lj#*=}
      dd=$QB/data-ab; rm -rf $dd
      extra_var="ARGS_$l"; bench_var="BENCH_ARGS_$l"
      java -jar $j --host 127.0.0.1 --port 0 --data-dir $dd --op-rate 0 $SERVER_ARGS ${!extra_var} > $QB/ab/server.log 2>&1 &
      sp=$!
      # the whole line, up to the slash after the port: a line caught half-written has no port yet
      for k in $(seq 1 600); do grep -q 'listening on http://[0-9.]*:[0-9]*/' $QB/ab/server.log && break; sleep 0.1; done
      port=$(grep -o 'listening on http://[0-9.]*:[0-9]*/' $QB/ab/server.log | grep -o '[0-9]*/$' | tr -d /)
      java -jar ${GEN:?set GEN to the jar whose bench generates the load} bench --url ws://127.0.0.1:$port/ws --server-pid $sp --duration $D --warmup $W --no-progress --json $QB/ab/$l-$s-$r.json ${SC[$s]} ${!bench_var} > $QB/ab/$l-$s-$r.txt 2>&1
      kill $sp; wait $sp 2>/dev/null
      echo "$(date +%H:%M:%S) round $r $s $l load $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
