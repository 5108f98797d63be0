import type { SavedEdits } from 'quire-client';
import { OtClient } from 'quire-client';

const PREFIX = 'quire.pending.';
const SESSION = /^[A-Za-z0-9_-]{8,64}$/;

/** The part of the Web Locks API this module uses (absent on insecure origins). */
export interface LocksLike {
  request(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<void> | undefined,
  ): Promise<unknown>;
}

/** The part of the Web Storage API this module uses, with enumeration. */
export interface EnumerableStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function browserLocks(): LocksLike | null {
  if (typeof navigator === 'undefined') return null;
  return (navigator as unknown as { locks?: LocksLike }).locks ?? null;
}

/**
 * A page's unacknowledged edits, kept in localStorage as they are typed (not only when the page
 * closes), so that a crash of the tab or of the browser loses nothing: the next page of the
 * same document adopts them and resends them with their original seqs, and the server applies
 * each once (decision 020).
 *
 * One record per document and session (`quire.pending.<doc>.<session>`). While a page lives it
 * holds a Web Lock of that name; the browser releases it when the page closes or crashes, so a
 * page adopts only the edits of a page that is gone, never those of another open tab (two pages
 * must never share a session). Without Web Locks (an origin that is not secure) nothing is
 * adopted and the page-close draft is the fallback.
 */
export class PendingStore {
  /** Lock requests by name: granted (held until the page goes), or pending. */
  private readonly requests = new Map<string, Promise<boolean>>();

  constructor(
    private readonly docId: string,
    private readonly storage: EnumerableStorage = localStorage,
    /** `null`: no Web Locks here (then nothing is adopted). */
    private readonly locks: LocksLike | null = browserLocks(),
  ) {}

  /** The edits of a gone page of this document, now this page's (its lock is held); else undefined. */
  async adopt(): Promise<SavedEdits | undefined> {
    if (this.locks === null) return undefined;
    for (const [key, session] of this.records()) {
      const saved = this.read(key, session);
      if (saved === undefined) {
        this.storage.removeItem(key);
        continue;
      }
      if (await this.lock(session, true)) return saved;
    }
    return undefined;
  }

  /** Holds this page's lock on `session` for as long as the page lives. */
  hold(session: string): void {
    void this.lock(session, false);
  }

  /** Keeps `saved`; false when the storage refused it (full, or disabled). */
  write(saved: SavedEdits): boolean {
    this.hold(saved.session);
    try {
      this.storage.setItem(this.key(saved.session), JSON.stringify(saved));
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets the record of `session` (its edits were all acknowledged). */
  remove(session: string): void {
    this.storage.removeItem(this.key(session));
  }

  private key(session: string): string {
    return `${PREFIX}${this.docId}.${session}`;
  }

  /** This document's records: [key, session]. */
  private records(): [string, string][] {
    const prefix = `${PREFIX}${this.docId}.`;
    const out: [string, string][] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      // A session has no dot, so `doc.x`'s records never pass for `doc`'s.
      if (key?.startsWith(prefix) && SESSION.test(key.slice(prefix.length)))
        out.push([key, key.slice(prefix.length)]);
    }
    return out;
  }

  private read(key: string, session: string): SavedEdits | undefined {
    try {
      const saved = JSON.parse(this.storage.getItem(key) ?? 'null') as SavedEdits | null;
      if (saved === null || saved.session !== session || typeof saved.text !== 'string')
        return undefined;
      OtClient.fromSaved(saved.client); // throws on a damaged record
      return saved;
    } catch {
      return undefined;
    }
  }

  private lock(session: string, ifAvailable: boolean): Promise<boolean> {
    const name = this.key(session);
    const asked = this.requests.get(name);
    if (asked !== undefined) return asked;
    const locks = this.locks;
    if (locks === null) return Promise.resolve(false);
    const granted = new Promise<boolean>((resolve) => {
      locks
        .request(name, { ifAvailable }, (lock) => {
          if (lock === null) {
            this.requests.delete(name);
            resolve(false);
            return undefined;
          }
          resolve(true);
          return new Promise<void>(() => {}); // held until the page goes away
        })
        .catch(() => {
          this.requests.delete(name);
          resolve(false);
        });
    });
    this.requests.set(name, granted);
    return granted;
  }
}
