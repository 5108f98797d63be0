import type { LoggedOp } from './api';

/**
 * One line of the history: what one person changed during one editing session, Google Docs
 * style ("Ada, 10:41–10:52, +312 −40").
 */
export interface EditSession {
  readonly author: string;
  /** The first and last version this person produced in the session. */
  readonly from: number;
  readonly to: number;
  /** When their first and last op of the session were committed (ISO-8601). */
  readonly start: string;
  readonly end: string;
  /** UTF-16 code units inserted and deleted, counted op by op. */
  readonly inserted: number;
  readonly deleted: number;
  /** How many ops (edits) it holds. */
  readonly ops: number;
}

/** A pause longer than this (between any two ops of the document) starts a new session. */
export const SESSION_GAP_MS = 5 * 60_000;

/**
 * Groups an op log (any order, any range) into sessions, newest first. A session is a stretch of
 * the log without a pause over {@link SESSION_GAP_MS}; inside it, each author gets one line,
 * however their ops interleave with others' (two people typing together give two lines, not
 * hundreds). Lines of one session are ordered by their last version, newest first.
 */
export function groupSessions(ops: readonly LoggedOp[]): EditSession[] {
  const sorted = [...ops].sort((a, b) => a.version - b.version);
  const stretches: LoggedOp[][] = [];
  let lastTime = Number.NaN;
  for (const o of sorted) {
    const t = Date.parse(o.time ?? '');
    const run = stretches[stretches.length - 1];
    if (run && !(t - lastTime > SESSION_GAP_MS)) run.push(o);
    else stretches.push([o]);
    if (!Number.isNaN(t)) lastTime = t;
  }
  const out: EditSession[] = [];
  for (const stretch of stretches.reverse()) {
    const byAuthor = new Map<string, LoggedOp[]>();
    for (const o of stretch) {
      const author = o.author || 'Anonymous';
      const list = byAuthor.get(author) ?? [];
      list.push(o);
      byAuthor.set(author, list);
    }
    const lines = [...byAuthor].map(([author, list]) => summarize(author, list));
    lines.sort((a, b) => b.to - a.to);
    out.push(...lines);
  }
  return out;
}

function summarize(author: string, list: readonly LoggedOp[]): EditSession {
  let inserted = 0;
  let deleted = 0;
  for (const o of list) {
    for (const c of o.op) {
      if (typeof c === 'string') inserted += c.length;
      else if (c < 0) deleted -= c;
    }
  }
  const first = list[0]!;
  const last = list[list.length - 1]!;
  return {
    author,
    from: first.version,
    to: last.version,
    start: first.time ?? '',
    end: last.time ?? '',
    inserted,
    deleted,
    ops: list.length,
  };
}

/**
 * "10:41–10:52" (today), "10:41" (one minute), or "5 Dec, 10:41–10:52" (another day), in the
 * reader's time zone; `locale` and `timeZone` are for tests.
 */
export function timeSpan(
  start: string,
  end: string,
  now = Date.now(),
  locale?: string,
  timeZone?: string,
): string {
  const s = new Date(start);
  const e = new Date(end);
  if (Number.isNaN(s.getTime()) || Number.isNaN(e.getTime())) return '';
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone });
  const a = time.format(s);
  const b = time.format(e);
  const span = a === b ? a : `${a}–${b}`;
  return day.format(s) === day.format(new Date(now)) ? span : `${day.format(s)}, ${span}`;
}

/** "Ada, 10:41–10:52, +312 −40": the line the history shows for a session. */
export function describeSession(
  s: EditSession,
  now = Date.now(),
  locale?: string,
  timeZone?: string,
): string {
  const counts = [s.inserted > 0 ? `+${s.inserted}` : '', s.deleted > 0 ? `−${s.deleted}` : '']
    .filter(Boolean)
    .join(' ');
  return [s.author, timeSpan(s.start, s.end, now, locale, timeZone), counts]
    .filter(Boolean)
    .join(', ');
}
