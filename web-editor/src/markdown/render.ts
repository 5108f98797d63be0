import MarkdownIt from 'markdown-it';

/**
 * Markdown to HTML for the preview, the split view and the HTML export (markdown-it, CommonMark
 * with tables and strikethrough). `html: false` makes any HTML in the document plain text, so a
 * `<script>` or an `onerror=` typed into a document is shown, never run; markdown-it's own link
 * check drops `javascript:`, `vbscript:`, `file:` and non-image `data:` URLs. The page still
 * passes the result through `safeFragment` (sanitize.ts) before it reaches the DOM: a second,
 * independent line of defence, in case a future option or plugin lets HTML through.
 *
 * Every block carries `data-line`, the 0-based line of the source where it starts, for the
 * synced scrolling of the split view.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

md.core.ruler.push('quire_source_lines', (state) => {
  for (const token of state.tokens) {
    if (token.map !== null && token.nesting === 1) token.attrSet('data-line', String(token.map[0]));
  }
  return true;
});

/** The HTML of `text` as Markdown (not yet sanitised for the DOM: see safeFragment). */
export function renderMarkdown(text: string): string {
  return md.render(text);
}

/** `text` escaped for HTML, for a plain-text document's export. */
export function escapeHtml(text: string): string {
  return md.utils.escapeHtml(text);
}
