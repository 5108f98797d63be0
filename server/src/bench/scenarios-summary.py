#!/usr/bin/env python3
# scenarios-summary.py [GLOB]: medians (and ranges) per jar label and scenario of the JSON files scenarios-ab.sh wrote
import json,glob,os,statistics as st,collections,sys
d=collections.defaultdict(list)
for f in glob.glob(sys.argv[1] if len(sys.argv)>1 else '/var/tmp/qb/ab/*.json'):
    l,s,r=os.path.basename(f)[:-5].rsplit('-',2)
    j=json.load(open(f)); d[(s,l)].append(j)
def med(xs): return st.median(xs) if xs else float('nan')
for (s,l),js in sorted(d.items()):
    acked=[j['ackedPerSecond'] for j in js]; cores=[j['server']['cores'] for j in js]
    rp50=[j['remoteMs']['p50'] for j in js]; rp99=[j['remoteMs']['p99'] for j in js]
    ap50=[j['ackMs']['p50'] for j in js]; ap99=[j['ackMs']['p99'] for j in js]
    conv=all(j.get('converged') for j in js)
    print(f"{s} {l:8s} n={len(js)} acked/s {med(acked):8.0f} [{min(acked):.0f}-{max(acked):.0f}] cores {med(cores):.2f} remote p50/p99 {med(rp50):.3f}/{med(rp99):.3f} [{min(rp50):.3f}-{max(rp50):.3f}] ack p50/p99 {med(ap50):.3f}/{med(ap99):.3f} conv={conv}")
