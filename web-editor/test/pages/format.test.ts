import { describe, expect, it } from 'vitest';
import {
  countCharacters,
  counted,
  countWords,
  docMeta,
  formatNumber,
} from '../../src/pages/format';
import { baseName } from '../../src/pages/export';

describe('format', () => {
  it('writes numbers with thousands separators and counts in words', () => {
    expect(formatNumber(200053)).toBe('200,053');
    expect(counted(1, 'word')).toBe('1 word');
    expect(counted(0, 'word')).toBe('0 words');
    expect(counted(1234567, 'character')).toBe('1,234,567 characters');
  });

  it('says what a document is without jargon', () => {
    expect(docMeta(200053, 18, '5 min ago')).toBe('200,053 characters · version 18 · 5 min ago');
    expect(docMeta(1, 1234, '')).toBe('1 character · version 1,234');
  });

  it('counts words by the Unicode rules, not by spaces', () => {
    expect(countWords('Hello world, this is Quire. Don’t panic!')).toBe(7);
    expect(countWords('# Title\n\n- **bold** item — `code`')).toBe(4);
    expect(countWords('   \n\t ')).toBe(0);
    expect(countWords('naïve café 2026')).toBe(3);
  });

  it('counts characters like the server (UTF-16 code units)', () => {
    expect(countCharacters('abc')).toBe(3);
    expect(countCharacters('🚀')).toBe(2);
  });

  it('names exported files after the document', () => {
    expect(baseName('meeting-notes.md')).toBe('meeting-notes');
    expect(baseName('plan')).toBe('plan');
    expect(baseName('v1.2.txt')).toBe('v1.2');
  });
});
