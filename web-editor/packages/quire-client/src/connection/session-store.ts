import { hostRandomValues } from './host.js';

/** The part of the Web Storage API this module uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A session id and the seq its next op gets, for one document. */
export interface SessionRecord {
  readonly session: string;
  readonly nextSeq: number;
}

/**
 * Where the editor keeps its protocol session per document.
 *
 * Why sessionStorage, claimed while the page lives: the server dedupes ops by
 * (doc, session, seq), so a session must never be used by two pages at once, and a page that
 * reuses a session must continue its seq numbering. localStorage is shared by all tabs (two tabs
 * would collide); a plain in-memory id would change on every reload. sessionStorage survives a
 * reload of the tab, but a duplicated tab gets a copy of it — so the page takes its record out
 * of sessionStorage when it starts ({@link claim}) and writes it back only when it goes away
 * ({@link release}, on `pagehide`). A reload continues the same session and seq; a duplicate
 * finds nothing and starts a fresh session. The page releases a session only when all its ops
 * were acknowledged (`DocConnection.resumable`), because the server rejects a seq that is not
 * exactly its last + 1; otherwise the next page starts a fresh session.
 */
export class SessionStore {
  constructor(
    private readonly storage: StorageLike,
    private readonly newId: () => string = randomSessionId,
  ) {}

  /** Takes this tab's record for `docId`, or makes a new one. */
  claim(docId: string): SessionRecord {
    const key = SessionStore.key(docId);
    const raw = this.storage.getItem(key);
    this.storage.removeItem(key);
    if (raw !== null) {
      try {
        const r = JSON.parse(raw) as Partial<SessionRecord>;
        if (
          typeof r.session === 'string' &&
          /^[A-Za-z0-9_-]{8,64}$/.test(r.session) &&
          Number.isInteger(r.nextSeq) &&
          (r.nextSeq as number) >= 1
        ) {
          return { session: r.session, nextSeq: r.nextSeq as number };
        }
      } catch {
        // a damaged record: start a fresh session
      }
    }
    return { session: this.newId(), nextSeq: 1 };
  }

  /** Puts the record back for a reload of this tab. */
  release(docId: string, record: SessionRecord): void {
    this.storage.setItem(SessionStore.key(docId), JSON.stringify(record));
  }

  private static key(docId: string): string {
    return `quire.session.${docId}`;
  }
}

/** Characters of a session id; x 6 bits = 132 bits of randomness. */
export const SESSION_ID_LENGTH = 22;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * 22 URL-safe characters from `crypto.getRandomValues`: 132 random bits, so a session id cannot
 * be guessed (with authentication on, the server also binds a session to the user who first used
 * it). Each character takes 6 bits of its own byte; 256 is a multiple of 64, so every character
 * is uniform.
 */
export function randomSessionId(): string {
  const bytes = new Uint8Array(SESSION_ID_LENGTH);
  hostRandomValues(bytes);
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 63];
  return id;
}
