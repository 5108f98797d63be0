/** What this browser remembers locally: the display name, recent documents, kept drafts. */

const NAME_KEY = 'quire.name';
const RECENT_KEY = 'quire.recent';
const DRAFT_PREFIX = 'quire.draft.';

export function loadName(): string | undefined {
  const n = localStorage.getItem(NAME_KEY)?.trim();
  return n ? n : undefined;
}

export function saveName(name: string): void {
  localStorage.setItem(NAME_KEY, name.trim().slice(0, 64));
}

export interface Recent {
  readonly id: string;
  readonly opened: string;
}

export function loadRecent(): Recent[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as Recent[];
    return Array.isArray(v) ? v.filter((r) => typeof r.id === 'string') : [];
  } catch {
    return [];
  }
}

export function touchRecent(id: string): void {
  const list = [
    { id, opened: new Date().toISOString() },
    ...loadRecent().filter((r) => r.id !== id),
  ].slice(0, 12);
  localStorage.setItem(RECENT_KEY, JSON.stringify(list));
}

/** Text the user typed that could not reach the server, kept so it is never silently lost. */
export interface Draft {
  readonly text: string;
  readonly saved: string;
  readonly reason: string;
}

export function loadDraft(docId: string): Draft | undefined {
  try {
    const raw = localStorage.getItem(DRAFT_PREFIX + docId);
    return raw ? (JSON.parse(raw) as Draft) : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(docId: string, text: string, reason: string): void {
  const d: Draft = { text, saved: new Date().toISOString(), reason };
  localStorage.setItem(DRAFT_PREFIX + docId, JSON.stringify(d));
}

export function clearDraft(docId: string): void {
  localStorage.removeItem(DRAFT_PREFIX + docId);
}
