#!/usr/bin/env python3
"""Summarises cluster-rounds.sh output: one line per run (acked ops/s summed over the load-tool
processes, the worst p99s, errors, convergence, the 1-minute load average at the end), then the
median acked ops/s per (jar, store, nodes). usage: cluster-summary.py OUT_DIR"""
import json, os, statistics, sys

rows = {}
for label in ("A", "B"):
    path = os.path.join(sys.argv[1], label + ".jsonl")
    if not os.path.exists(path):
        continue
    for line in open(path):
        r = json.loads(line)
        acked = sum(g["ackedPerSecond"] for g in r["runs"])
        ack99 = max(g["ackMs"]["p99"] for g in r["runs"]) if r["runs"] else float("nan")
        rem99 = max(g["remoteMs"]["p99"] for g in r["runs"]) if r["runs"] else float("nan")
        errors = {}
        for g in r["runs"]:
            for k, v in g["errors"].items():
                errors[k] = errors.get(k, 0) + v
        conv = all(g["converged"] for g in r["runs"]) and len(r["runs"]) == r["nodes"]
        cpu = r.get("cpu", {})
        servers = sum(v for k, v in cpu.items() if k.startswith("server:"))
        cores = (f'  cores: servers {servers:.2f} pg {cpu.get("postgres", 0):.2f} redis {cpu.get("redis", 0):.2f} '
                 f'nginx {cpu.get("nginx", 0):.2f} gen {cpu.get("generator", 0):.2f} '
                 f'machine {cpu.get("machine_busy_cores", 0):.2f}') if cpu else ''
        print(f'{label} {r["store"]:8} {r["nodes"]} nodes{" " + r["balancer"] if r.get("balancer") else ""} '
              f'shape {r["shape"]}: {acked:8.0f} acked/s  '
              f'ack p99 {ack99:8.1f} ms  remote p99 {rem99:8.1f} ms  errors {errors or 0}  '
              f'converged {conv}  load {r["load"]:.1f}{cores}')
        rows.setdefault((label, r["store"] + ("+" + r["balancer"] if r.get("balancer") else ""), r["nodes"]), []).append(acked)
print()
for (label, store, nodes), v in sorted(rows.items()):
    print(f'{label} {store:8} {nodes} nodes: median {statistics.median(v):.0f} acked/s over {len(v)} runs {[round(x) for x in v]}')
