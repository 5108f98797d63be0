import { describe, expect, it } from 'vitest';
import { escapeHtml, renderMarkdown } from '../../src/markdown/render';

describe('renderMarkdown', () => {
  it('renders CommonMark with the source line of each block', () => {
    expect(
      renderMarkdown('# Notes\n\nA **bold** [link](https://example.org).\n\n- one\n- two\n'),
    ).toBe(
      '<h1 data-line="0">Notes</h1>\n' +
        '<p data-line="2">A <strong>bold</strong> <a href="https://example.org">link</a>.</p>\n' +
        '<ul data-line="4">\n<li data-line="4">one</li>\n<li data-line="5">two</li>\n</ul>\n',
    );
  });

  it('shows HTML in the document as text, never as elements', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toBe(
      '<p data-line="0">&lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    );
    expect(renderMarkdown('x <img src="x" onerror="alert(1)"> y')).toBe(
      '<p data-line="0">x &lt;img src=&quot;x&quot; onerror=&quot;alert(1)&quot;&gt; y</p>\n',
    );
  });

  it('does not link javascript:, vbscript: or file: targets', () => {
    expect(renderMarkdown('[a](javascript:alert(1)) [b](vbscript:x) [c](file:///etc/passwd)')).toBe(
      '<p data-line="0">[a](javascript:alert(1)) [b](vbscript:x) [c](file:///etc/passwd)</p>\n',
    );
  });

  it('makes a table with alignment styles only', () => {
    expect(renderMarkdown('| a | b |\n|:-|-:|\n| 1 | 2 |\n')).toContain(
      '<th style="text-align:left">a</th>',
    );
  });

  it('escapes text for a plain-text export', () => {
    expect(escapeHtml('<b>&"')).toBe('&lt;b&gt;&amp;&quot;');
  });
});
