/**
 * The shared vectors of ot-core (`ot-core/src/test/resources/vectors/*.json`) run against the
 * TypeScript port: the same files the Java tests read, not copies. Every *.json file in the
 * folder is read; its kind comes from its name (apply, compose, transform, invert, invalid, diff).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffToOperation, TextOperation } from '../../src/ot';

const here = dirname(fileURLToPath(import.meta.url));
const folder = join(
  here,
  '..',
  '..',
  '..',
  '..',
  '..',
  'ot-core',
  'src',
  'test',
  'resources',
  'vectors',
);
const files = existsSync(folder)
  ? readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

type Case = Record<string, unknown>;

function casesOf(json: unknown): Case[] {
  if (Array.isArray(json)) return json as Case[];
  const o = json as Record<string, unknown>;
  for (const key of ['cases', 'vectors', 'tests'])
    if (Array.isArray(o[key])) return o[key] as Case[];
  throw new Error(
    `expected an array of cases or an object with "cases", found keys ${Object.keys(o).join(', ')}`,
  );
}

function pick(c: Case, ...names: string[]): unknown {
  for (const n of names) if (n in c) return c[n];
  throw new Error(`case ${JSON.stringify(c).slice(0, 200)} has none of ${names.join(', ')}`);
}

function has(c: Case, ...names: string[]): boolean {
  return names.some((n) => n in c);
}

const op = (v: unknown) => TextOperation.fromJson(v);
const nameOf = (c: Case, i: number) =>
  String(c['name'] ?? c['description'] ?? c['id'] ?? `case ${i}`);

function expectError(fn: () => unknown, c: Case): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected an InvalidOperationError').toBeInstanceOf(Error);
  expect((thrown as Error).name).toBe('InvalidOperationError');
  const message = c['message'] ?? c['error'];
  if (typeof message === 'string' && message.length > 0)
    expect((thrown as Error).message).toBe(message);
}

const runners: Record<string, (c: Case) => void> = {
  apply(c) {
    const doc = pick(c, 'doc', 'document', 'base') as string;
    const o = () => op(pick(c, 'op', 'operation'));
    if (has(c, 'error', 'message') && !has(c, 'expected', 'result', 'target'))
      return expectError(() => o().apply(doc), c);
    expect(o().apply(doc)).toBe(pick(c, 'expected', 'result', 'target'));
  },
  compose(c) {
    const a = op(pick(c, 'a', 'first'));
    const b = op(pick(c, 'b', 'second'));
    if (has(c, 'error', 'message') && !has(c, 'expected', 'result', 'composed'))
      return expectError(() => a.compose(b), c);
    const composed = a.compose(b);
    expect(composed.toJson()).toEqual(pick(c, 'expected', 'result', 'composed'));
    if (has(c, 'doc', 'document')) {
      const doc = pick(c, 'doc', 'document') as string;
      expect(composed.apply(doc)).toBe(b.apply(a.apply(doc)));
    }
  },
  transform(c) {
    const a = op(pick(c, 'a'));
    const b = op(pick(c, 'b'));
    if (has(c, 'error', 'message') && !has(c, 'expected', 'aPrime', 'a1'))
      return expectError(() => TextOperation.transform(a, b), c);
    const t = TextOperation.transform(a, b);
    const expected = has(c, 'expected') ? (c['expected'] as Record<string, unknown>) : c;
    const ea = Array.isArray(expected) ? expected[0] : pick(expected, 'aPrime', 'a1', "a'", 'a');
    const eb = Array.isArray(expected) ? expected[1] : pick(expected, 'bPrime', 'b1', "b'", 'b');
    expect(t.a.toJson()).toEqual(ea);
    expect(t.b.toJson()).toEqual(eb);
    if (has(c, 'doc', 'document')) {
      const doc = pick(c, 'doc', 'document') as string;
      const result = t.b.apply(a.apply(doc));
      expect(t.a.apply(b.apply(doc))).toBe(result);
      if (has(c, 'result')) expect(result).toBe(c['result']);
    }
  },
  invert(c) {
    const doc = pick(c, 'doc', 'document', 'base') as string;
    const o = op(pick(c, 'op', 'operation'));
    if (has(c, 'error', 'message') && !has(c, 'expected', 'inverse', 'result'))
      return expectError(() => o.invert(doc), c);
    const inverse = o.invert(doc);
    expect(inverse.toJson()).toEqual(pick(c, 'expected', 'inverse', 'result'));
    expect(inverse.apply(o.apply(doc))).toBe(doc);
  },
  diff(c) {
    const before = pick(c, 'before') as string;
    const after = pick(c, 'after') as string;
    const o = diffToOperation(before, after);
    expect(o.toJson()).toEqual(pick(c, 'op'));
    expect(o.apply(before)).toBe(after);
  },
  invalid(c) {
    const fn = String(c['function'] ?? c['fn'] ?? 'fromJson');
    const input = c['op'] ?? c['json'] ?? c['input'];
    switch (fn) {
      case 'fromJson':
        return expectError(() => TextOperation.fromJson(input), c);
      case 'apply':
        return expectError(() => op(input).apply(pick(c, 'doc', 'document') as string), c);
      case 'invert':
        return expectError(() => op(input).invert(pick(c, 'doc', 'document') as string), c);
      case 'compose':
        return expectError(() => op(pick(c, 'a')).compose(op(pick(c, 'b'))), c);
      case 'transform':
        return expectError(() => TextOperation.transform(op(pick(c, 'a')), op(pick(c, 'b'))), c);
      case 'transformPosition':
        return expectError(() => op(input).transformPosition(pick(c, 'position') as number), c);
      default:
        throw new Error(`invalid.json: unknown function ${fn}`);
    }
  },
};

describe('shared vectors from ot-core', () => {
  it(`finds the vectors in ${folder}`, () => {
    expect(files).toEqual([
      'apply.json',
      'compose.json',
      'diff.json',
      'invalid.json',
      'invert.json',
      'transform.json',
    ]);
  });
  for (const file of files) {
    const kind = file.replace(/\.json$/, '');
    const runner = runners[kind];
    describe(file, () => {
      if (!runner) {
        it(`has a runner for ${file}`, () => {
          throw new Error(`no runner for ${file}: add one to vectors.test.ts`);
        });
        return;
      }
      const cases = casesOf(JSON.parse(readFileSync(join(folder, file), 'utf8')));
      it('has cases', () => expect(cases.length).toBeGreaterThan(0));
      cases.forEach((c, i) => it(nameOf(c, i), () => runner(c)));
    });
  }
});
