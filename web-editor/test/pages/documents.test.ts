import { describe, expect, it } from 'vitest';
import { DOC_ID, slugify } from '../../src/pages/api';
import { sortDocs } from '../../src/pages/doc-list';

describe('slugify', () => {
  it('turns a title into a valid document id', () => {
    expect(slugify('Meeting notes')).toBe('meeting-notes');
    expect(slugify('  Café — Überblick 2027!  ')).toBe('cafe-uberblick-2027');
    expect(slugify('notes.md')).toBe('notes.md');
    expect(slugify('Q3 plan / v2.md')).toBe('q3-plan-v2.md');
    expect(slugify('😀 ✓')).toBe('');
    expect(DOC_ID.test(slugify('x'.repeat(300)))).toBe(true);
    expect(slugify('a'.repeat(127) + ' b')).toBe('a'.repeat(127));
  });
});

describe('sortDocs', () => {
  const docs = [
    { id: 'zebra', version: 1, length: 1, title: 'Alpha' },
    { id: 'beta', version: 1, length: 1 },
    { id: 'alpha-2', version: 1, length: 1, title: '' },
  ];
  it('keeps the server order for last edit', () => {
    expect(sortDocs(docs, 'updated').map((d) => d.id)).toEqual(['zebra', 'beta', 'alpha-2']);
  });
  it('sorts by title, or the id when there is none', () => {
    expect(sortDocs(docs, 'title').map((d) => d.id)).toEqual(['zebra', 'alpha-2', 'beta']);
  });
});
