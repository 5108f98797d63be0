#!/bin/bash
# sharedb-ab.sh ROUNDS WARMUP DURATION ARM [ARM...]: ShareDB and Quire under the scenarios of
# docs/performance.md (SCEN, default "a b c d"), alternating the arms run by run, scenario by
# scenario, round by round; a fresh server process (and a fresh database) per run.
#   ARM  sharedb-mem   ShareDB 7 with ShareDB.MemoryDB (no persistence), driven by sharedb/bench.js
#        sharedb-pg    ShareDB 7 with sharedb-postgres on a fresh database, driven by sharedb/bench.js
#        LABEL=JAR     a Quire jar, driven by the `bench` of $GEN (default: the same jar), or with
#                      GEN_<LABEL>=node by sharedb/bench.js --protocol quire (the generator of the
#                      ShareDB arms); server arguments SERVER_ARGS for every Quire arm plus
#                      ARGS_<LABEL> for this one, where @PG@ becomes the URL of a fresh PostgreSQL
#                      database (ARGS_qpg="--store @PG@"); generator arguments BENCH_ARGS_<LABEL>
#                      (e.g. BENCH_ARGS_q1="--in-flight 1": one op in flight, as ShareDB's client)
# Results: $QB/sharedb-ab/<label>-<scenario>-<round>.json (QB default /var/tmp/qb), the generator's
# text next to it (.txt), the server's output (.server.log), one line per run in runs.log (time,
# round, scenario, arm, load average before and after, the generator's exit code).
# Summary: python3 server/src/bench/sharedb-summary.py "$QB/sharedb-ab"
# Needs: node (>= 18) with `npm ci` run in server/src/bench/sharedb; for the PostgreSQL arms the
# machine's PostgreSQL (PG, default postgresql://postgres@127.0.0.1:5432, trust).
set -u
R=$1; W=$2; D=$3; shift 3
declare -A SC=( [a]="--editors 10 --docs 1 --rate-ms 50" [b]="--editors 50 --docs 1 --rate-ms 50" [c]="--editors 10 --docs 1 --closed-loop" [d]="--editors 100 --docs 100 --closed-loop" )
SCEN=${SCEN:-a b c d}
QB=${QB:-/var/tmp/qb}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$QB/sharedb-ab
mkdir -p "$OUT"
[ -d "$HERE/sharedb/node_modules" ] || { echo "run: (cd $HERE/sharedb && npm ci)" >&2; exit 2; }
# seconds of the run plus the convergence check, before a generator still running is stopped
LIMIT=$(( ${W%s} + ${D%s} + 120 ))

# a fresh database: its name on stdout
fresh_db() {
  local db=qb_sdb_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
  psql "$PG/postgres" -q -c "CREATE DATABASE $db" >&2 || return 1
  echo "$db"
}

# waits for the server's "listening on http://HOST:PORT/" line in its own log (a file of this run
# only: a shared one could still hold the previous server's port); the port on stdout
port_of() {
  for _ in $(seq 1 600); do grep -q 'listening on http://[0-9.]*:[0-9]*/' "$1" && break; sleep 0.1; done
  grep -o 'listening on http://[0-9.]*:[0-9]*/' "$1" | grep -o '[0-9]*/$' | tr -d /
}

for r in $(seq 1 "$R"); do
  for s in $SCEN; do
    for arm in "$@"; do
      db=""
      log=$OUT/$(echo "$arm" | cut -d= -f1)-$s-$r.server.log; rm -f "$log"
      load0=$(cut -d' ' -f1 /proc/loadavg)
      if [ "$arm" = sharedb-mem ] || [ "$arm" = sharedb-pg ]; then
        l=$arm
        if [ "$arm" = sharedb-pg ]; then
          db=$(fresh_db) || exit 1
          psql "$PG/$db" -q -f "$HERE/sharedb/node_modules/sharedb-postgres/structure.sql" >/dev/null || exit 1
          node "$HERE/sharedb/server.js" --port 0 --db postgres --pg "$PG/$db" > "$log" 2>&1 &
        else
          node "$HERE/sharedb/server.js" --port 0 --db memory > "$log" 2>&1 &
        fi
        sp=$!
        port=$(port_of "$log")
        # shellcheck disable=SC2086
        timeout $LIMIT node "$HERE/sharedb/bench.js" --url "ws://127.0.0.1:$port/" --server-pid $sp --duration "$D" \
            --warmup "$W" --json "$OUT/$l-$s-$r.json" ${SC[$s]} > "$OUT/$l-$s-$r.txt" 2>&1
      else
        l=${arm%%=*}; j=${arm#*=}
        dd=$QB/data-sharedb-ab; rm -rf "$dd"
        extra_var="ARGS_$l"; extra=${!extra_var:-}
        if [[ "$extra" == *@PG@* ]]; then
          db=$(fresh_db) || exit 1
          extra=${extra//@PG@/$PG/$db}
        fi
        # shellcheck disable=SC2086
        java -jar "$j" --host 127.0.0.1 --port 0 --data-dir "$dd" --op-rate 0 ${SERVER_ARGS:-} $extra > "$log" 2>&1 &
        sp=$!
        port=$(port_of "$log")
        gen_var="GEN_$l"
        if [ "${!gen_var:-}" = node ]; then
          # shellcheck disable=SC2086
          timeout $LIMIT node "$HERE/sharedb/bench.js" --protocol quire --url "ws://127.0.0.1:$port/ws" --server-pid $sp \
              --duration "$D" --warmup "$W" --json "$OUT/$l-$s-$r.json" ${SC[$s]} > "$OUT/$l-$s-$r.txt" 2>&1
        else
          bench_var="BENCH_ARGS_$l"
          # shellcheck disable=SC2086
          timeout $LIMIT java -jar "${GEN:-$j}" bench --url "ws://127.0.0.1:$port/ws" --server-pid $sp --duration "$D" \
              --warmup "$W" --no-progress --json "$OUT/$l-$s-$r.json" ${SC[$s]} ${!bench_var:-} > "$OUT/$l-$s-$r.txt" 2>&1
        fi
      fi
      rc=$?
      kill $sp; wait $sp 2>/dev/null
      [ -n "$db" ] && psql "$PG/postgres" -q -c "DROP DATABASE $db" >&2
      echo "$(date -u +%H:%M:%S) round $r $s $l load $load0 $(cut -d' ' -f1 /proc/loadavg) exit $rc" | tee -a "$OUT/runs.log"
    done
  done
done
