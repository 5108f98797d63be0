import { safeHtml } from '../markdown/sanitize';
import { download, h } from './dom';

/** The formats the editor exports; `pdf` goes through the browser's print dialog. */
export type ExportFormat = 'txt' | 'md' | 'html' | 'pdf';

export const EXPORT_LABELS: Record<ExportFormat, string> = {
  txt: 'Plain text (.txt)',
  md: 'Markdown (.md)',
  html: 'Web page (.html)',
  pdf: 'PDF (print)',
};

/** "meeting-notes.md" -> "meeting-notes"; a name without an extension stays as it is. */
export function baseName(docId: string): string {
  return docId.replace(/\.[A-Za-z0-9]{1,8}$/, '') || docId;
}

/**
 * The document as it reads: Markdown rendered (for a Markdown document) or the text kept as it
 * is (`<pre>`), sanitised like the preview.
 */
export async function renderedBody(text: string, markdown: boolean): Promise<string> {
  // Loaded when first needed, like the preview (plain-text documents never fetch markdown-it).
  const { escapeHtml, renderMarkdown } = await import('../markdown/render');
  return markdown ? safeHtml(renderMarkdown(text)) : `<pre>${escapeHtml(text)}</pre>`;
}

/** Readable on screen and on paper, light and dark; no script, no outside resource. */
const EXPORT_CSS = `
:root{color-scheme:light dark}
body{max-width:46rem;margin:2.5rem auto;padding:0 1.25rem;font:16px/1.6 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2330;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e4e7ec;background:#14161c}a{color:#a5b4fc}pre,code{background:#1f2330!important}}
h1,h2,h3{line-height:1.25}h1{font-size:2em}h2{font-size:1.5em}
pre,code{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f2f4f7;border-radius:4px}
code{padding:.1em .3em}pre{padding:.8em 1em;overflow:auto;white-space:pre-wrap}pre code{padding:0;background:none}
blockquote{margin:0;padding-left:1em;border-left:4px solid #d0d5dd;color:#667085}
table{border-collapse:collapse}th,td{border:1px solid #d0d5dd;padding:.3em .6em}img{max-width:100%}
`;

/** A standalone HTML file: the rendered document with its own style, nothing to fetch. */
export async function standaloneHtml(
  title: string,
  text: string,
  markdown: boolean,
): Promise<string> {
  const body = await renderedBody(text, markdown);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title.replace(/[<>&"]/g, '')}</title>
<style>${EXPORT_CSS}</style>
</head>
<body>
<article>
${body}
</article>
</body>
</html>
`;
}

/**
 * Exports `text`: a file download, or for `pdf` the print dialog with the print stylesheet
 * (preview.css), which prints only the rendered document — the browser saves it as PDF.
 */
export async function exportDocument(
  format: ExportFormat,
  docId: string,
  text: string,
  markdown: boolean,
): Promise<void> {
  const base = baseName(docId);
  if (format === 'txt') download(`${base}.txt`, text, 'text/plain');
  else if (format === 'md') download(`${base}.md`, text, 'text/markdown');
  else if (format === 'html')
    download(`${base}.html`, await standaloneHtml(docId, text, markdown), 'text/html');
  else await printDocument(docId, text, markdown);
}

async function printDocument(docId: string, text: string, markdown: boolean): Promise<void> {
  document.getElementById('print-view')?.remove();
  const view = h('article', { id: 'print-view', class: 'print-view', 'aria-hidden': 'true' });
  // Sanitised (renderedBody): nothing in it can run.
  view.innerHTML = await renderedBody(text, markdown);
  document.body.append(view);
  const title = document.title;
  // The browser proposes the title as the PDF's file name.
  document.title = baseName(docId);
  const done = (): void => {
    document.title = title;
    view.remove();
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}
