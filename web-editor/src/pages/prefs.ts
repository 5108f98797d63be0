/** What this browser remembers locally: the display name, recent documents, kept drafts. */

const NAME_KEY = 'quire.name';
const RECENT_KEY = 'quire.recent';
const DRAFT_PREFIX = 'quire.draft.';

export function loadName(): string | undefined {
  const n = localStorage.getItem(NAME_KEY)?.trim();
  return n ? n : undefined;
}

const GUEST_ANIMALS = [
  'Otter',
  'Heron',
  'Lynx',
  'Badger',
  'Puffin',
  'Marten',
  'Ibex',
  'Wren',
  'Gecko',
  'Bison',
  'Crane',
  'Koala',
  'Lemur',
  'Moose',
  'Okapi',
  'Tapir',
];

/**
 * A first visitor's name, so that a shared link opens straight into the editor (as Etherpad
 * does): "Guest Otter 42". Remembered like a chosen name; the server picks the colour.
 */
export function guestName(): string {
  const r = new Uint32Array(2);
  crypto.getRandomValues(r);
  const name = `Guest ${GUEST_ANIMALS[r[0] % GUEST_ANIMALS.length]} ${10 + (r[1] % 90)}`;
  saveName(name);
  return name;
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
