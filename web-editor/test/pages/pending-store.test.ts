import { describe, expect, it } from 'vitest';
import type { SavedEdits } from 'quire-client';
import {
  PendingStore,
  type EnumerableStorage,
  type LocksLike,
} from '../../src/pages/pending-store';

class MemoryStorage implements EnumerableStorage {
  readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(i: number): string | null {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
}

/** Web Locks shared by the "tabs" of one test: a name is held until its tab goes. */
class Locks {
  readonly held = new Map<string, string>();
  tab(id: string): LocksLike {
    return {
      request: (name, options, callback) => {
        const holder = this.held.get(name);
        if (holder !== undefined && holder !== id) {
          if (options.ifAvailable) void callback(null);
          return new Promise(() => {});
        }
        this.held.set(name, id);
        void callback({ name });
        return Promise.resolve();
      },
    };
  }
  close(id: string): void {
    for (const [name, holder] of this.held) if (holder === id) this.held.delete(name);
  }
}

const edits = (session: string): SavedEdits => ({
  session,
  client: {
    version: 3,
    nextSeq: 5,
    outstanding: { seq: 4, sentVersion: 3, sentOp: [2, 'x'], op: [2, 'x'], edits: 1 },
  },
  text: 'abx',
});

describe('PendingStore', () => {
  it('adopts the edits of a gone page, never those of an open one, nor of another document', async () => {
    const storage = new MemoryStorage();
    const locks = new Locks();
    const a = new PendingStore('doc', storage, locks.tab('a'));
    expect(a.write(edits('session-aaaaaaaa'))).toBe(true);
    new PendingStore('doc.x', storage, locks.tab('a')).write(edits('session-xxxxxxxx'));
    expect(await new PendingStore('doc', storage, locks.tab('b')).adopt()).toBeUndefined();
    locks.close('a'); // the tab crashed
    const c = new PendingStore('doc', storage, locks.tab('c'));
    expect(await c.adopt()).toEqual(edits('session-aaaaaaaa'));
    expect(await new PendingStore('doc', storage, locks.tab('d')).adopt()).toBeUndefined();
    c.remove('session-aaaaaaaa');
    expect([...storage.items.keys()]).toEqual(['quire.pending.doc.x.session-xxxxxxxx']);
  });

  it('drops a damaged record and adopts nothing without Web Locks', async () => {
    const storage = new MemoryStorage();
    storage.setItem(
      'quire.pending.doc.session-bbbbbbbb',
      '{"session":"session-bbbbbbbb","text":1}',
    );
    expect(await new PendingStore('doc', storage, new Locks().tab('a')).adopt()).toBeUndefined();
    expect(storage.length).toBe(0);
    new PendingStore('doc', storage, new Locks().tab('a')).write(edits('session-cccccccc'));
    expect(await new PendingStore('doc', storage, null).adopt()).toBeUndefined();
  });
});
