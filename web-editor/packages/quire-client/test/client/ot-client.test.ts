import { describe, expect, it } from 'vitest';
import { ClientStateError, OtClient, jsonBytes, splitOperation } from '../../src/client';
import { TextOperation } from '../../src/ot';

const op = (...c: (number | string)[]) => TextOperation.fromJson(c);

describe('OtClient', () => {
  it('sends the first local op at once with seq 1 and buffers the rest', () => {
    const c0 = OtClient.at(4);
    const r1 = c0.applyClient(op(3, 'a'));
    expect(r1.send).toEqual({ version: 4, seq: 1, op: op(3, 'a') });
    expect(r1.client.state.kind).toBe('awaiting-confirm');
    const r2 = r1.client.applyClient(op(4, 'b'));
    expect(r2.send).toBeUndefined();
    const r3 = r2.client.applyClient(op(5, 'c'));
    expect(r3.client.state).toEqual({
      kind: 'awaiting-with-buffer',
      outstanding: {
        op: op(3, 'a'),
        seq: 1,
        sent: { version: 4, seq: 1, op: op(3, 'a') },
        edits: 1,
      },
      buffer: { op: op(4, 'bc'), edits: 2 },
    });
    expect(r3.client.pendingCount()).toBe(3);
    // immutability: the earlier values are unchanged
    expect(c0.state.kind).toBe('synchronized');
    expect(r1.client.state.kind).toBe('awaiting-confirm');
  });

  it('sends the buffer with the next seq when the outstanding op is acked', () => {
    const c = OtClient.at(0).applyClient(op('a')).client.applyClient(op(1, 'b')).client;
    const ack = c.serverAck(1, 1);
    expect(ack.send).toEqual({ version: 1, seq: 2, op: op(1, 'b') });
    expect(ack.client.version).toBe(1);
    const done = ack.client.serverAck(2, 2);
    expect(done.send).toBeUndefined();
    expect(done.client.state.kind).toBe('synchronized');
    expect(done.client.nextSeq).toBe(3);
  });

  it('transforms a remote op against the outstanding op and the buffer', () => {
    // document "xy" at version 0; we typed "A" at 1 (outstanding) then "B" at 2 (buffer)
    const c = OtClient.at(0)
      .applyClient(op(1, 'A', 1))
      .client.applyClient(op(2, 'B', 1)).client;
    // another client inserted "Z" at 1 (version 1)
    const r = c.applyServer(1, op(1, 'Z', 1));
    // At the same place our text comes first: the server will transform our op as the
    // submitted one against this committed op, and ot-core puts the submitted op's text first.
    expect(r.apply.toJson()).toEqual([3, 'Z', 1]);
    expect(r.apply.apply('xABy')).toBe('xABZy');
    const s = r.client.state;
    expect(s.kind).toBe('awaiting-with-buffer');
    if (s.kind !== 'awaiting-with-buffer') return;
    expect(s.outstanding.op.toJson()).toEqual([1, 'A', 2]);
    expect(s.buffer.op.toJson()).toEqual([2, 'B', 2]);
    expect(r.client.version).toBe(1);
  });

  it('resends the outstanding op exactly as first sent, even after remote ops moved it', () => {
    const c = OtClient.at(7, 4).applyClient(op(2, '!')).client;
    const moved = c.applyServer(8, op('>', 2)).client;
    expect(moved.resend()).toEqual({ version: 7, seq: 4, op: op(2, '!') });
    expect(moved.state.kind === 'awaiting-confirm' && moved.state.outstanding.op.toJson()).toEqual([
      3,
      '!',
    ]);
    expect(OtClient.at(3).resend()).toBeUndefined();
  });

  it('ignores a second ack of a seq that was already acknowledged', () => {
    const acked = OtClient.at(0).applyClient(op('a')).client.serverAck(1, 1).client;
    const again = acked.serverAck(1, 1);
    expect(again.client).toBe(acked);
    expect(again.send).toBeUndefined();
    const secondInFlight = acked.applyClient(op(1, 'b')).client;
    expect(secondInFlight.serverAck(1, 1).client).toBe(secondInFlight);
    expect(secondInFlight.serverAck(2, 2).client.version).toBe(2);
  });

  it('rejects gaps and unexpected acks with messages naming the function', () => {
    expect(() => OtClient.at(2).applyServer(4, op(1))).toThrow(
      new ClientStateError('applyServer: expected version 3, found 4'),
    );
    expect(() => OtClient.at(2).serverAck(1, 3)).toThrow(
      'serverAck: expected no ack while synchronized, found ack of seq 1',
    );
    const c = OtClient.at(0).applyClient(op('a')).client;
    expect(() => c.serverAck(2, 1)).toThrow('serverAck: expected ack of seq 1, found seq 2');
  });

  it('moves a remote selection through our unacknowledged ops', () => {
    const c = OtClient.at(0).applyClient(op('ab', 3)).client.applyClient(op(5, 'c')).client;
    expect(c.transformRemoteSelection([{ anchor: 0, head: 3 }])).toEqual([{ anchor: 2, head: 6 }]);
    expect(c.unacknowledged()?.toJson()).toEqual(['ab', 3, 'c']);
  });

  it('converges with a server in a scripted interleaving', () => {
    // server text "" v0; client A and client B both type concurrently
    let server = '';
    const log: TextOperation[] = [];
    const submit = (base: number, o: TextOperation) => {
      let t = o;
      for (const h of log.slice(base)) t = TextOperation.transform(t, h).a;
      server = t.apply(server);
      log.push(t);
      return { version: log.length, op: t };
    };
    let a = OtClient.at(0);
    let b = OtClient.at(0);
    let textA = '';
    let textB = '';
    const la = a.applyClient(op('hello'));
    a = la.client;
    textA = 'hello';
    const lb = b.applyClient(op('world'));
    b = lb.client;
    textB = 'world';
    const ca = submit(la.send!.version, la.send!.op);
    const cb = submit(lb.send!.version, lb.send!.op);
    a = a.serverAck(1, ca.version).client;
    const rb = b.applyServer(ca.version, ca.op);
    b = rb.client;
    textB = rb.apply.apply(textB);
    const ra = a.applyServer(cb.version, cb.op);
    a = ra.client;
    textA = ra.apply.apply(textA);
    b = b.serverAck(1, cb.version).client;
    // B's op was submitted second against A's committed op: its text comes first.
    expect(server).toBe('worldhello');
    expect(textA).toBe(server);
    expect(textB).toBe(server);
    expect(a.state.kind).toBe('synchronized');
    expect(b.state.kind).toBe('synchronized');
  });
});

describe('splitOperation', () => {
  it('cuts inside an insert, never inside a surrogate pair, and composes back to the op', () => {
    const big = op(3, 'ab' + '😀'.repeat(40) + 'cd', -2, 4, 'tail'.repeat(20));
    let rest = big;
    const firsts: TextOperation[] = [];
    for (let parts = splitOperation(rest, 64); parts; parts = splitOperation(rest, 64)) {
      expect(jsonBytes(parts.first)).toBeLessThanOrEqual(64);
      firsts.push(parts.first);
      rest = parts.rest;
    }
    const doc = 'abcdefghi';
    expect([...firsts, rest].reduce((text, o) => o.apply(text), doc)).toBe(big.apply(doc));
    expect(firsts.length).toBeGreaterThan(3);
    expect(splitOperation(op(3, 'ab'), 64)).toBeUndefined();
  });

  it('counts JSON bytes as JSON.stringify writes them in UTF-8', () => {
    const o = op(12, 'a"é😀\\', -3);
    expect(jsonBytes(o)).toBe(new TextEncoder().encode(JSON.stringify(o.toJson())).length);
  });
});

describe('OtClient.dropOutstanding', () => {
  it('takes the refused op out, rebases the buffer and gives it the refused seq', () => {
    const c = OtClient.at(1, 4).applyClient(op(5, ' far')).client.applyClient(op('>', 9)).client;
    const r = c.dropOutstanding()!;
    expect(r.apply.apply('>hello far')).toBe('>hello');
    expect(r.send).toEqual({ version: 1, seq: 4, op: op('>', 5) });
    expect(r.client.nextSeq).toBe(5);
    expect(r.client.pendingCount()).toBe(1);
    // An op that deleted text cannot be taken out without that text.
    expect(
      OtClient.at(1)
        .applyClient(op(1, 'xyz', -4))
        .client.dropOutstanding(),
    ).toBeUndefined();
  });
});

describe('OtClient with a window of ops in flight (decision 039)', () => {
  it('sends up to W ops at once, each with the version it had; later edits wait for the first ack', () => {
    let c = OtClient.at(5, 1, 3);
    const sends = [];
    for (const o of [op(3, 'a'), op(4, 'b'), op(5, 'c'), op(6, 'd'), op(7, 'e')]) {
      const r = c.applyClient(o);
      c = r.client;
      sends.push(r.send);
    }
    expect(sends.slice(0, 3)).toEqual([
      { version: 5, seq: 1, op: op(3, 'a') },
      { version: 5, seq: 2, op: op(4, 'b') },
      { version: 5, seq: 3, op: op(5, 'c') },
    ]);
    expect(sends.slice(3)).toEqual([undefined, undefined]);
    expect(c.state.kind).toBe('pipelined');
    expect(c.inFlight().map((o) => o.seq)).toEqual([1, 2, 3]);
    expect(c.buffer()).toEqual({ op: op(6, 'de'), edits: 2 });
    expect(c.pendingCount()).toBe(5);
    expect(c.unacknowledged()!.apply('xyz')).toBe('xyzabcde');
    const ack = c.serverAck(1, 6);
    expect(ack.send).toEqual({ version: 6, seq: 4, op: op(6, 'de') });
    expect(ack.client.inFlight().map((o) => o.seq)).toEqual([2, 3, 4]);
    expect(ack.client.buffer()).toBeUndefined();
    expect(ack.client.serverAck(1, 6).client).toBe(ack.client); // a repeated ack: nothing
    expect(() => ack.client.serverAck(3, 7)).toThrow('expected ack of seq 2, found seq 3');
    const done = ack.client.serverAck(2, 7).client.serverAck(3, 8).client.serverAck(4, 9).client;
    expect(done.state.kind).toBe('synchronized');
    expect(done.version).toBe(9);
    expect(done.nextSeq).toBe(5);
    expect(done.pendingCount()).toBe(0);
  });

  it('transforms a remote op through every op in flight, then the buffer, ours the first argument', () => {
    // "xy" at 0; we typed A at 1, B after it, C after that (window 2: C waits in the buffer)
    let c = OtClient.at(0, 1, 2);
    c = c.applyClient(op(1, 'A', 1)).client;
    c = c.applyClient(op(2, 'B', 1)).client;
    c = c.applyClient(op(3, 'C', 1)).client;
    // another client inserted Z at 1: at the same place our text comes first
    const r = c.applyServer(1, op(1, 'Z', 1));
    expect(r.apply.toJson()).toEqual([4, 'Z', 1]);
    expect(r.apply.apply('xABCy')).toBe('xABCZy');
    expect(r.client.inFlight().map((o) => o.op.toJson())).toEqual([
      [1, 'A', 2],
      [2, 'B', 2],
    ]);
    expect(r.client.buffer()!.op.toJson()).toEqual([3, 'C', 2]);
    // what is sent stays as first sent (a resend repeats it exactly)
    expect(r.client.resendAll()).toEqual([
      { version: 0, seq: 1, op: op(1, 'A', 1) },
      { version: 0, seq: 2, op: op(2, 'B', 1) },
    ]);
    expect(r.client.transformRemoteSelection([{ anchor: 1, head: 2 }])).toEqual([
      { anchor: 4, head: 5 },
    ]);
  });

  it('with a window of 1 is the ot.js client: the same states and messages', () => {
    const one = OtClient.at(0);
    const w1 = OtClient.at(0, 1, 1);
    const steps = (c: OtClient) => {
      const a = c.applyClient(op('a'));
      const b = a.client.applyClient(op(1, 'b'));
      const r = b.client.applyServer(1, op('z'));
      const k = r.client.serverAck(1, 2);
      return [a.send, b.send, b.client.state, r.apply, r.client.state, k.send, k.client.state];
    };
    expect(steps(w1)).toEqual(steps(one));
    expect(steps(w1)[2]).toMatchObject({ kind: 'awaiting-with-buffer' });
  });

  it('saves every op in flight and the buffer, in seq order, and reads them back', () => {
    let c = OtClient.at(2, 7, 2);
    for (const o of [op('a'), op(1, 'b'), op(2, 'c')]) c = c.applyClient(o).client;
    c = c.applyServer(3, op('Q')).client;
    const saved = JSON.parse(JSON.stringify(c.toSaved()));
    expect(saved).toEqual({
      version: 3,
      nextSeq: 9,
      outstanding: { seq: 7, sentVersion: 2, sentOp: ['a'], op: ['a', 1], edits: 1 },
      inFlight: [
        { seq: 7, sentVersion: 2, sentOp: ['a'], op: ['a', 1], edits: 1 },
        { seq: 8, sentVersion: 2, sentOp: [1, 'b'], op: [1, 'b', 1], edits: 1, pipelined: true },
      ],
      buffer: { op: [2, 'c', 1], edits: 1 },
    });
    const back = OtClient.fromSaved(saved, 2);
    expect(back.toSaved()).toEqual(saved);
    expect(back.resendAll()).toEqual(c.resendAll());
    // a page with a window of 1 keeps them too: they are resent, the buffer goes at the acks
    expect(
      OtClient.fromSaved(saved)
        .resendAll()
        .map((s) => s.seq),
    ).toEqual([7, 8]);
    expect(() => OtClient.fromSaved({ ...saved, nextSeq: 10 })).toThrow(ClientStateError);
  });

  it('refuses a window outside 1..32 (the server allows 32 ops in flight)', () => {
    expect(() => OtClient.at(0, 1, 0)).toThrow('expected a window of 1 to 32 ops, found 0');
    expect(() => OtClient.at(0, 1, 33)).toThrow(ClientStateError);
    expect(OtClient.at(0, 1, 32).window).toBe(32);
  });

  it('cuts a large op sent while others are in flight; the rest goes at the next ack', () => {
    let c = OtClient.at(0, 1, 4).applyClient(op('ab')).client;
    const r = c.applyClient(op(2, 'x'.repeat(100)));
    const limited = r.client.limit(r.send!, 40);
    expect(limited.send!.seq).toBe(2);
    expect(limited.send!.op.targetLength).toBeLessThan(102);
    c = limited.client.applyClient(op(102, '!')).client; // after the rest: waits with it
    expect(c.inFlight().map((o) => o.seq)).toEqual([1, 2]);
    const ack = c.serverAck(1, 1);
    expect(ack.send!.seq).toBe(3);
    expect(ack.client.unacknowledged()!.apply('ab')).toBe('ab' + 'x'.repeat(100) + '!');
  });

  it('marks an op sent while another is in flight as pipelined, and saves the mark', () => {
    let c = OtClient.at(0, 1, 3);
    for (const o of [op('a'), op(1, 'b'), op(2, 'c'), op(3, 'd')]) c = c.applyClient(o).client;
    expect(c.inFlight().map((o) => [o.seq, o.pipelined])).toEqual([
      [1, undefined],
      [2, true],
      [3, true],
    ]);
    // the buffer sent at an ack follows ops still in flight: pipelined too
    const ack = c.serverAck(1, 1);
    expect(ack.client.inFlight().map((o) => [o.seq, o.pipelined])).toEqual([
      [2, true],
      [3, true],
      [4, true],
    ]);
    const saved = JSON.parse(JSON.stringify(ack.client.toSaved()));
    expect(saved.inFlight.map((o: { pipelined?: true }) => o.pipelined)).toEqual([
      true,
      true,
      true,
    ]);
    expect(OtClient.fromSaved(saved, 3).inFlight()).toEqual(ack.client.inFlight());
  });

  it('after a refusal: the window drops to 1, the refused ops go again rebased, one at a time, under their seqs', () => {
    // "xy" at version 5; window 4: A, B, C, D sent at once, all based on 5
    let c = OtClient.at(5, 1, 4);
    for (const o of [op(1, 'A', 1), op(2, 'B', 1), op(3, 'C', 1), op(4, 'D', 1)])
      c = c.applyClient(o).client;
    // the server refused seq 2 (version-out-of-range) and so seq 3 and 4 (seq-gap)
    const r = c.refuse(2);
    expect(r.window).toBe(1);
    expect(r.refusedFrom).toBe(2);
    expect([1, 2, 3, 4, 5].map((s) => r.isRefused(s))).toEqual([false, true, true, true, false]);
    expect(r.refuse(3).refusedFrom).toBe(2); // a later refusal changes nothing
    expect(() => r.refuse(9)).toThrow('refuse: expected a seq in flight, found seq 9');
    expect(r.resendRefused()).toEqual({ client: r }); // seq 1 is not acknowledged yet
    expect(r.resendAll().map((s) => s.seq)).toEqual([1]); // a rejoin resends seq 1 only
    // typed meanwhile: waits in the buffer, whatever the window had been
    const typed = r.applyClient(op(5, 'E', 1));
    expect(typed.send).toBeUndefined();
    // someone else inserted Z at 0 (version 6), then seq 1 was acknowledged (version 7)
    const remote = typed.client.applyServer(6, op('Z', 2));
    expect(remote.apply.toJson()).toEqual(['Z', 7]);
    const acked = remote.client.serverAck(1, 7);
    expect(acked.send).toBeUndefined(); // the buffer waits for the refused ops
    const two = acked.client.resendRefused();
    expect(two.send).toEqual({ version: 7, seq: 2, op: op(3, 'B', 1) });
    expect(two.client.inFlight()[0]).toEqual({
      op: op(3, 'B', 1),
      seq: 2,
      sent: { version: 7, seq: 2, op: op(3, 'B', 1) },
      edits: 1,
    });
    expect(two.client.resendAll()).toEqual([{ version: 7, seq: 2, op: op(3, 'B', 1) }]);
    expect(two.client.resendRefused().send).toBeUndefined(); // seq 3 waits for the ack of seq 2
    expect(() => two.client.serverAck(3, 8)).toThrow('expected ack of seq 2, found seq 3');
    const three = two.client.serverAck(2, 8).client.resendRefused();
    expect(three.send).toEqual({ version: 8, seq: 3, op: op(4, 'C', 1) });
    const four = three.client.serverAck(3, 9).client.resendRefused();
    expect(four.send).toEqual({ version: 9, seq: 4, op: op(5, 'D', 1) });
    expect(four.client.refusedFrom).toBeUndefined();
    expect(four.client.window).toBe(1);
    // the last refused op acknowledged: the buffer goes, under the next seq
    const last = four.client.serverAck(4, 10);
    expect(last.send).toEqual({ version: 10, seq: 5, op: op(6, 'E', 1) });
    const done = last.client.serverAck(5, 11).client;
    expect(done.state.kind).toBe('synchronized');
    expect(done.unacknowledged()).toBeUndefined();
    // back to the window of 4 (a join): four ops go at once again
    let w = done.withWindow(4);
    const sends = [];
    for (const o of [op(7, 'a'), op(8, 'b'), op(9, 'c'), op(10, 'd')]) {
      const x = w.applyClient(o);
      w = x.client;
      sends.push(x.send?.seq);
    }
    expect(sends).toEqual([6, 7, 8, 9]);
  });

  it('keeps the window at 1 while a refused op is in flight, and refuses a window outside 1..32 there too', () => {
    const c = OtClient.at(0, 1, 4).applyClient(op('a')).client.applyClient(op(1, 'b')).client;
    const r = c.refuse(2);
    expect(r.withWindow(4)).toBe(r);
    expect(() => r.withWindow(0)).toThrow('expected a window of 1 to 32 ops, found 0');
    expect(() => r.serverAck(2, 1)).toThrow('serverAck: expected ack of seq 1, found seq 2');
    const acked = r.serverAck(1, 1).client;
    expect(() => acked.serverAck(2, 2)).toThrow('serverAck: expected no ack of seq 2, refused');
  });

  it('gives up dropping a refused op when ops were sent after it (the caller resyncs)', () => {
    const c = OtClient.at(0, 1, 2).applyClient(op('ab')).client.applyClient(op(2, 'c')).client;
    expect(c.dropOutstanding()).toBeUndefined();
  });
});
