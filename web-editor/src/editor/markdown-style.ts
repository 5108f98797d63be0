import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import type { Extension } from '@codemirror/state';

/**
 * Markdown in the editor: headings sized like the preview's (so the structure shows while
 * typing), emphasis, links, code and quotes. Colours are CSS variables (theme.css), so one
 * style serves the light and the dark theme. This replaces CodeMirror's default highlight style
 * for Markdown documents: its dark-blue links and purple marks are unreadable on a dark page.
 */
const markdownHighlight = HighlightStyle.define([
  { tag: t.heading1, fontSize: '1.6em', fontWeight: '700', lineHeight: '1.3' },
  { tag: t.heading2, fontSize: '1.4em', fontWeight: '700', lineHeight: '1.3' },
  { tag: t.heading3, fontSize: '1.2em', fontWeight: '700' },
  { tag: t.heading4, fontSize: '1.1em', fontWeight: '700' },
  { tag: [t.heading5, t.heading6], fontWeight: '700' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strong, fontWeight: '700' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: [t.link, t.url], color: 'var(--md-link)' },
  { tag: t.monospace, color: 'var(--md-code)' },
  { tag: t.quote, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [t.processingInstruction, t.meta, t.contentSeparator], color: 'var(--md-mark)' },
]);

export function markdownLook(): Extension {
  return syntaxHighlighting(markdownHighlight);
}
