#!/bin/bash
# Instructions per op of AuthorshipInstructions' measured rounds, counted by callgrind (issue 17,
# docs/performance.md "Authorship"). Usage: authorship-callgrind.sh CLASSPATH ARM [WARMUP ROUNDS]
#   CLASSPATH: ot-core's classes and the bench and test classes (see docs/performance.md)
#   ARM: without | with | apply;  needs $OPS, the file written by `AuthorshipInstructions dump`.
# -Xbatch: compilation finishes before the measured rounds, so the count holds no compiler work;
# only the main Java thread's instructions are counted (--separate-threads).
set -eu
cp=$1; arm=$2; warmup=${3:-15}; rounds=${4:-3}
d=$(mktemp -d)
valgrind --tool=callgrind --instr-atstart=no --separate-threads=yes --smc-check=all-non-file \
  --callgrind-out-file="$d/cg.out" \
  java -Xbatch -XX:+UseSerialGC -Xms512m -Xmx512m -cp "$cp" dev.quire.ot.bench.AuthorshipInstructions \
  "$arm" "$OPS" "$warmup" "$rounds" "$d" > "$d/log" 2>&1 &
vg=$!
until [ -e "$d/start" ]; do sleep 0.5; kill -0 $vg 2>/dev/null || { cat "$d/log"; exit 1; }; done
callgrind_control -i on $vg > /dev/null 2>&1; callgrind_control --zero $vg > /dev/null 2>&1; rm "$d/start"
until [ -e "$d/stop" ]; do sleep 0.5; done
callgrind_control --dump=measured $vg > /dev/null 2>&1; callgrind_control -i off $vg > /dev/null 2>&1; rm "$d/stop"
wait $vg
ir=$(grep -h "^totals:" $(grep -l "^desc: Trigger: dump measured" "$d"/cg.out*) | awk '{print $2}' | sort -n | tail -1)
echo "$arm: $ir instructions in $rounds rounds, $(awk "BEGIN{printf \"%.1f\", $ir/$rounds/259778}") per op"
