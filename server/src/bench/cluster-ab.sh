#!/bin/sh
# Load tool against 1, 2 or 3 Quire nodes (decision 022, docs/performance.md "Scale-out").
# usage: cluster-ab.sh STORE NODES SHAPE OUT.json
#   STORE  h2 | pg | pg-redis (one node on PostgreSQL with the Redis bus, nobody listening)
#   NODES  1..3 (more than one: PostgreSQL and the Redis bus)
#   SHAPE  s: 2 editors per document on 50 documents (editors spread over the nodes), closed loop
#          c: 10 editors on 1 document (spread over the nodes), closed loop
# BALANCER=affinity puts Debian's nginx (/usr/sbin/nginx, or NGINX) in front of the nodes with
# docs/operations.md's "Document affinity" configuration (hash on the URL's ?doc=, consistent):
# every load-tool process then connects to nginx, and a document's editors meet on one node.
# Each node gets a fresh database (or data directory) and key prefix; one load-tool process per
# node, all on the same documents, 5 s warm-up, 20 s measured; a load-tool process still running
# after BENCH_TIMEOUT seconds (default 150: it waits for convergence) is stopped and its run
# recorded without it. Needs the machine's PostgreSQL
# (postgres@127.0.0.1, trust) and Redis (127.0.0.1:6379).
set -eu
STORE=$1 NODES=$2 SHAPE=$3 OUT=$4
JAR=${JAR:-server/target/quire-server.jar}
TAG=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
DB=quire_bench_$TAG
DIR=$(mktemp -d /var/tmp/quire-bench-XXXXXX)
case $SHAPE in
  s) PER_NODE=$((100 / NODES)) DOCS=50 ;;
  c) PER_NODE=$((10 / NODES)) DOCS=1 ;;
esac
[ "$SHAPE" = s ] && [ "$NODES" = 3 ] && PER_NODE=33 DOCS=33
ARGS=""
if [ "$STORE" != h2 ]; then
  psql postgresql://postgres@127.0.0.1:5432/postgres -q -c "CREATE DATABASE $DB"
  ARGS="--store postgresql://postgres@127.0.0.1:5432/$DB --store-pool-size 4"
  if [ "$NODES" -gt 1 ] || [ "$STORE" = pg-redis ]; then
    ARGS="$ARGS --bus redis://127.0.0.1:6379 --bus-prefix qb-$TAG"
  fi
fi
PIDS="" PORTS=""
for i in $(seq 1 "$NODES"); do
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # shellcheck disable=SC2086
  java -Xmx512m -jar "$JAR" --host 127.0.0.1 --port "$PORT" --data-dir "$DIR/node$i" --op-rate 0 \
      --node-id "bench-$i" $ARGS >"$DIR/node$i.log" 2>&1 &
  PIDS="$PIDS $!" PORTS="$PORTS $PORT"
  until grep -q "Quire listening" "$DIR/node$i.log" 2>/dev/null; do sleep 0.2; done
done
FIRST=$(echo $PIDS | cut -d' ' -f1)
NGINX_PID=""
if [ "${BALANCER:-}" = affinity ]; then
  LB=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$DIR/nginx"
  {
    echo "daemon off; worker_processes 1; pid $DIR/nginx/nginx.pid; error_log $DIR/nginx/error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http { access_log off; client_body_temp_path $DIR/nginx/body; proxy_temp_path $DIR/nginx/proxy;"
    echo "  fastcgi_temp_path $DIR/nginx/fastcgi; uwsgi_temp_path $DIR/nginx/uwsgi; scgi_temp_path $DIR/nginx/scgi;"
    echo '  map $request_uri $quire_doc { ~^/api/docs/(?<id>[^/?]+) $id; default $arg_doc; }'
    echo '  upstream quire { hash $quire_doc consistent;'
    for PORT in $PORTS; do echo "    server 127.0.0.1:$PORT max_fails=1 fail_timeout=5s;"; done
    echo '  }'
    echo '  map $http_upgrade $connection_upgrade { default upgrade; "" close; }'
    echo "  server { listen 127.0.0.1:$LB; proxy_http_version 1.1; proxy_next_upstream error timeout http_502 http_503;"
    echo '    location /ws { proxy_pass http://quire; proxy_set_header Host $http_host;'
    echo '      proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;'
    echo '      proxy_read_timeout 300s; proxy_send_timeout 300s; }'
    echo '    location / { proxy_pass http://quire; proxy_set_header Host $http_host; } } }'
  } >"$DIR/nginx/nginx.conf"
  "${NGINX:-/usr/sbin/nginx}" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log" &
  NGINX_PID=$!
  until curl -sf "http://127.0.0.1:$LB/health" >/dev/null; do sleep 0.2; done
fi
GEN=""
i=0
# CPU by process over (about) the measured window: after the editors' set-up and warm-up.
python3 "$(dirname "$0")/cpu-window.py" "${CPU_DELAY:-8}" 17 >"$DIR/cpu.json" &
CPU=$!
for PORT in $PORTS; do
  i=$((i + 1))
  [ -n "$NGINX_PID" ] && PORT=$LB
  timeout "${BENCH_TIMEOUT:-150}" java -jar "$JAR" bench --url "ws://127.0.0.1:$PORT/ws" --server-pid "$FIRST" --editors "$PER_NODE" \
      --docs "$DOCS" --doc-prefix "qb-$TAG" --seed "$i" --closed-loop --duration 20s --warmup 5s \
      --no-progress --json "$DIR/gen$i.json" >"$DIR/gen$i.txt" 2>&1 &
  GEN="$GEN $!"
done
for g in $GEN; do wait "$g" || true; done
wait "$CPU" || true
[ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" && wait "$NGINX_PID" || true
for p in $PIDS; do kill "$p"; done
for p in $PIDS; do wait "$p" || true; done
python3 - "$OUT" "$DIR" "$STORE" "$NODES" "$SHAPE" <<'PY'
import json, glob, sys, os
out, d, store, nodes, shape = sys.argv[1:]
runs = [json.load(open(f)) for f in sorted(glob.glob(d + "/gen*.json"))]
cpu = json.load(open(d + "/cpu.json")) if os.path.getsize(d + "/cpu.json") else {}
with open(out, "a") as f:
    f.write(json.dumps({"store": store, "nodes": int(nodes), "shape": shape,
                        "balancer": os.environ.get("BALANCER", ""),
                        "load": os.getloadavg()[0], "cpu": cpu, "runs": runs}) + "\n")
PY
[ "$STORE" != h2 ] && psql postgresql://postgres@127.0.0.1:5432/postgres -q -c "DROP DATABASE $DB WITH (FORCE)"
rm -rf "$DIR"
