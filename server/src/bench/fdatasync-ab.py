#!/usr/bin/env python3
# fdatasync-ab.py ROUNDS [DIR]: fdatasync latency of appends to a growing file against appends into a
# zero-filled, fsynced file (decision 036), alternating, 1,500 appends of 2,000 bytes each per run
import os, sys, time

def run(filled, d, n=1500, size=2000):
    p = os.path.join(d, 'fdatasync-ab-%d.bin' % filled)
    fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_TRUNC)
    if filled:
        os.write(fd, b'\0' * (n * size + 4096)); os.fsync(fd); os.lseek(fd, 0, 0)
    ts, b = [], b'x' * size
    for _ in range(n):
        os.write(fd, b); t = time.perf_counter(); os.fdatasync(fd); ts.append((time.perf_counter() - t) * 1e3)
    os.close(fd); os.unlink(p)
    return sorted(ts)

def line(ts):
    return f"p50 {ts[len(ts)//2]:.3f} p90 {ts[len(ts)*9//10]:.3f} p99 {ts[len(ts)*99//100]:.3f} mean {sum(ts)/len(ts):.3f} ms"

d = sys.argv[2] if len(sys.argv) > 2 else '/var/tmp'
res = {0: [], 1: []}
for k in range(int(sys.argv[1])):
    for filled in (0, 1):
        ts = run(filled, d); res[filled] += ts
        print(f"round {k} {'filled ' if filled else 'growing'} {line(ts)} load {open('/proc/loadavg').read().split()[0]}", flush=True)
for filled in (0, 1):
    print(f"all {'filled ' if filled else 'growing'} n={len(res[filled])} {line(sorted(res[filled]))}")
