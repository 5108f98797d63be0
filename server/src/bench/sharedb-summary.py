#!/usr/bin/env python3
# sharedb-summary.py [DIR]: medians and spread per scenario and arm of the runs sharedb-ab.sh wrote
# (DIR default /var/tmp/qb/sharedb-ab), then, for the closed-loop scenarios c and d, each arm's
# median acked ops/s against ShareDB's medians of the same runs, in memory and on PostgreSQL
# (issue 16's bar: d >= 1.5x sharedb-mem; issue 13's: a Quire PostgreSQL node at least 1.0x on c
# and d). Latencies in ms, CPU in cores.
import collections
import glob
import json
import os
import statistics
import sys

d = sys.argv[1] if len(sys.argv) > 1 else "/var/tmp/qb/sharedb-ab"
runs = collections.defaultdict(list)
for f in glob.glob(os.path.join(d, "*.json")):
    label, scenario, rnd = os.path.basename(f)[:-5].rsplit("-", 2)
    with open(f) as fh:
        runs[(scenario, label)].append(json.load(fh))

loads = collections.defaultdict(list)
if os.path.exists(os.path.join(d, "runs.log")):
    for line in open(os.path.join(d, "runs.log")):
        # HH:MM:SS round R S LABEL load BEFORE AFTER exit RC
        p = line.split()
        loads[(p[3], p[4])] += [float(p[6]), float(p[7])]


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")


def spread(xs, fmt):
    xs = [x for x in xs if x is not None]
    return f"[{fmt.format(min(xs))}–{fmt.format(max(xs))}]" if xs else "[]"


print(f"runs in {d}; each figure: median [min–max] of n runs")
for (s, l), js in sorted(runs.items()):
    acked = [j["ackedPerSecond"] for j in js]
    srv = [(j.get("server") or {}).get("cores") for j in js]
    gen = [j.get("generatorCores") for j in js]
    ap50 = [j["ackMs"]["p50"] for j in js]
    ap99 = [j["ackMs"]["p99"] for j in js]
    # no remote receipts when every document has one editor (d)
    rp50 = [j["remoteMs"]["p50"] for j in js if j["remoteMs"]["count"]]
    rp99 = [j["remoteMs"]["p99"] for j in js if j["remoteMs"]["count"]]
    ok = all(j.get("passed") for j in js)
    errors = collections.Counter()
    for j in js:
        errors.update(j.get("errors") or {})
    conv = sum(1 for j in js if j.get("converged"))
    ld = loads.get((s, l), [])
    print(
        f"{s} {l:12s} n={len(js)} acked/s {med(acked):7.0f} {spread(acked, '{:.0f}')}"
        f"  ack p50/p99 {med(ap50):.3f}/{med(ap99):.2f} {spread(ap50, '{:.3f}')}"
        + (f"  remote p50/p99 {med(rp50):.3f}/{med(rp99):.2f} {spread(rp50, '{:.3f}')}" if rp50 else "  remote n/a")
        + f"  cores server {med(srv):.2f} {spread(srv, '{:.2f}')} generator {med(gen):.2f}"
        f"  load {spread(ld, '{:.1f}')}  {'passed' if ok else f'NOT ALL PASSED: converged {conv}/{len(js)}, errors {dict(errors)}'}"
    )

for s in ("c", "d"):
    for base_label in ("sharedb-mem", "sharedb-pg"):
        base = runs.get((s, base_label))
        if not base:
            continue
        b = med([j["ackedPerSecond"] for j in base])
        ratios = ", ".join(
            f"{l} {med([j['ackedPerSecond'] for j in js]) / b:.2f}x"
            for (sc, l), js in sorted(runs.items())
            if sc == s and l != base_label
        )
        print(f"{s}: median acked ops/s against {base_label} ({b:.0f}): {ratios}")
