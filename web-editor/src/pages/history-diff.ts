import { TextOperation } from 'quire-client';
import type { Api } from './api';
import { h } from './dom';

/** The most ops one `GET …/ops` returns (the server's cap). */
const OPS_PER_REQUEST = 10_000;

/**
 * The change from version `from` to version `to` (`from <= to`) as one op: the ops of the log in
 * between, composed. It is exact (what people did, not a guess from comparing texts), so a
 * paragraph moved stays a deletion and an insertion, and a word retyped shows as retyped.
 */
export async function changeBetween(
  api: Api,
  docId: string,
  from: number,
  to: number,
  baseLength: number,
): Promise<TextOperation> {
  let op = TextOperation.identity(baseLength);
  for (let at = from + 1; at <= to; at += OPS_PER_REQUEST) {
    const page = await api.getOps(docId, at, Math.min(to + 1, at + OPS_PER_REQUEST));
    for (const o of page.ops) op = op.compose(TextOperation.fromJson(o.op));
  }
  return op;
}

/** What a change did, for the headline: characters inserted and deleted. */
export function countChange(op: TextOperation): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  for (const c of op.toJson()) {
    if (typeof c === 'string') inserted += c.length;
    else if (c < 0) deleted -= c;
  }
  return { inserted, deleted };
}

/**
 * Fills `host` with `base` (the text at the selected version) and marks what changed since, as
 * `change` (from that version to a later one) says: text later deleted is a `<del>`, and a
 * place where text was later inserted gets an empty marker whose title holds the text. The
 * host's text stays exactly `base`.
 */
export function renderSince(host: HTMLElement, base: string, change: TextOperation): void {
  const parts: Node[] = [];
  let at = 0;
  for (const c of change.toJson()) {
    if (typeof c === 'string') {
      parts.push(
        h('span', {
          class: 'diff-ins-mark',
          title: `added later: ${abbreviate(c)}`,
          'aria-label': `added later: ${abbreviate(c)}`,
        }),
      );
    } else if (c > 0) {
      parts.push(document.createTextNode(base.slice(at, at + c)));
      at += c;
    } else {
      parts.push(h('del', { class: 'diff-del', title: 'deleted later' }, base.slice(at, at - c)));
      at -= c;
    }
  }
  parts.push(document.createTextNode(base.slice(at)));
  host.replaceChildren(...parts);
}

/**
 * Fills `host` with the comparison of two versions: `base` (the older text) with `change`
 * applied inline, deletions as `<del>` and insertions as `<ins>`.
 */
export function renderCompare(host: HTMLElement, base: string, change: TextOperation): void {
  const parts: Node[] = [];
  let at = 0;
  for (const c of change.toJson()) {
    if (typeof c === 'string') {
      parts.push(h('ins', { class: 'diff-ins' }, c));
    } else if (c > 0) {
      parts.push(document.createTextNode(base.slice(at, at + c)));
      at += c;
    } else {
      parts.push(h('del', { class: 'diff-del' }, base.slice(at, at - c)));
      at -= c;
    }
  }
  parts.push(document.createTextNode(base.slice(at)));
  host.replaceChildren(...parts);
}

function abbreviate(text: string): string {
  const points = [...text.replace(/\s+/g, ' ').trim()];
  if (points.length === 0) return text.includes('\n') ? '(new line)' : '(space)';
  return points.length > 60 ? points.slice(0, 60).join('') + '…' : points.join('');
}
