#!/usr/bin/env python3
"""CPU by process group over a window, from /proc: after DELAY seconds, for DURATION seconds, the
cores used by each Quire server process (server:PID), the load tool (generator), PostgreSQL,
Redis, nginx and everything else, and the machine's busy cores. Prints one JSON object.
usage: cpu-window.py DELAY DURATION"""
import os, sys, time, json
delay, dur = float(sys.argv[1]), float(sys.argv[2])
HZ = os.sysconf('SC_CLK_TCK')
def snap():
    groups = {}
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            st = open(f'/proc/{p}/stat').read()
            cmd = open(f'/proc/{p}/cmdline').read().replace('\0', ' ')
        except OSError: continue
        comm = st[st.index('(')+1:st.rindex(')')]
        f = st[st.rindex(')')+2:].split()
        t = int(f[11]) + int(f[12])
        if 'java' in comm or cmd.startswith('java'):
            g = 'generator' if ' bench ' in cmd else 'server:' + p
        elif comm.startswith('postgres'): g = 'postgres'
        elif comm.startswith('redis'): g = 'redis'
        elif comm.startswith('nginx'): g = 'nginx'
        else: g = 'other'
        groups[g] = groups.get(g, 0) + t
    cpu = open('/proc/stat').readline().split()[1:]
    idle = int(cpu[3]) + int(cpu[4]); total = sum(map(int, cpu[:8]))
    return groups, total - idle, total
time.sleep(delay)
g0, b0, t0 = snap(); w0 = time.time()
time.sleep(dur)
g1, b1, t1 = snap(); w = time.time() - w0
res = {k: round((g1.get(k, 0) - g0.get(k, 0)) / HZ / w, 2) for k in g1 if g1.get(k, 0) - g0.get(k, 0) > 0}
res['machine_busy_cores'] = round((b1 - b0) / HZ / w, 2)
res['load1'] = os.getloadavg()[0]
print(json.dumps(res))
