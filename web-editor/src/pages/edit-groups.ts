import { TextOperation } from 'quire-client';
import type { LoggedOp } from './api';

/** Consecutive edits by one author, shown as one line of the history ("who changed what"). */
export interface EditGroup {
  readonly author: string;
  readonly from: number;
  readonly to: number;
  readonly time?: string;
  /** "+12 −3 “hello w…”": what the group inserted and deleted, all its ops composed. */
  readonly summary: string;
}

const SAME_BURST_MS = 60_000;

/**
 * Groups an op log (any order) into runs of consecutive versions by the same author, no more
 * than a minute apart, newest first. A run's ops are composed into one op for its summary, so
 * typing "Hello" one key at a time reads as `+5 “Hello”`.
 */
export function groupEdits(ops: readonly LoggedOp[]): EditGroup[] {
  const sorted = [...ops].sort((a, b) => a.version - b.version);
  const runs: LoggedOp[][] = [];
  for (const o of sorted) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (
      run &&
      last &&
      last.version + 1 === o.version &&
      (last.author ?? '') === (o.author ?? '') &&
      close(last.time, o.time)
    ) {
      run.push(o);
    } else {
      runs.push([o]);
    }
  }
  return runs.reverse().map((run) => ({
    author: run[0]!.author || 'Anonymous',
    from: run[0]!.version,
    to: run[run.length - 1]!.version,
    time: run[run.length - 1]!.time,
    summary: summarize(run),
  }));
}

function close(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  return Math.abs(Date.parse(b) - Date.parse(a)) <= SAME_BURST_MS;
}

function summarize(run: readonly LoggedOp[]): string {
  let op: TextOperation;
  try {
    op = run.map((o) => TextOperation.fromJson(o.op)).reduce((a, b) => a.compose(b));
  } catch {
    return '';
  }
  let inserted = 0;
  let deleted = 0;
  let text = '';
  for (const c of op.toJson()) {
    if (typeof c === 'string') {
      inserted += c.length;
      text += c;
    } else if (c < 0) {
      deleted -= c;
    }
  }
  const parts: string[] = [];
  if (inserted > 0) parts.push(`+${inserted}`);
  if (deleted > 0) parts.push(`−${deleted}`);
  const snippet = text.replace(/\s+/g, ' ').trim();
  const points = [...snippet];
  if (snippet) parts.push(`“${points.slice(0, 28).join('')}${points.length > 28 ? '…' : ''}”`);
  else if (inserted > 0) parts.push(text.includes('\n') ? '(new line)' : '(space)');
  return parts.join(' ');
}
