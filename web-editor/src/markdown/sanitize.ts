/**
 * The DOM check behind the Markdown preview: the rendered HTML is parsed by a `DOMParser` into
 * a document of its own with no window (nothing in it runs or loads, and the page's CSP never
 * sees its attributes), then only the elements and attributes markdown-it
 * produces are kept. Anything else — a `<script>`, an `<iframe>`, an `on…` attribute, a
 * `javascript:` link — is removed and counted, so a test can see the check at work.
 */

const ALLOWED_TAGS = new Set([
  'A',
  'BLOCKQUOTE',
  'BR',
  'CODE',
  'DEL',
  'EM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HR',
  'IMG',
  'LI',
  'OL',
  'P',
  'PRE',
  'S',
  'STRONG',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);

/** Attributes kept on any allowed element; others below per element. */
const COMMON_ATTRS = new Set(['data-line', 'title']);
const ELEMENT_ATTRS: Record<string, ReadonlySet<string>> = {
  A: new Set(['href']),
  IMG: new Set(['src', 'alt']),
  OL: new Set(['start']),
  CODE: new Set(['class']),
  TD: new Set(['style']),
  TH: new Set(['style']),
};

/** Link targets people mean: web, mail, in-page and relative. */
const SAFE_HREF = /^(?:https?:|mailto:|#|\/|\.|[^:]*$)/i;
/** Images may also be inline pictures (markdown-it allows these data: types). */
const SAFE_SRC = /^(?:https?:|\/|\.|data:image\/(?:gif|png|jpeg|webp);|[^:]*$)/i;
/** markdown-it writes table alignment as this style, nothing else. */
const SAFE_STYLE = /^text-align:(?:left|right|center)$/;
const SAFE_CLASS = /^language-[\w+#.-]+$/;

export interface Sanitized {
  readonly fragment: DocumentFragment;
  /** How many elements and attributes the check removed (0 for markdown-it's own output). */
  readonly removed: number;
}

/** Parses `html` inertly and keeps only what the preview allows. */
export function safeFragment(html: string): Sanitized {
  const parsed = new DOMParser().parseFromString(`<body>${html}`, 'text/html').body;
  let removed = 0;
  const walk = (parent: ParentNode): void => {
    for (const node of [...parent.childNodes]) {
      if (node.nodeType === Node.COMMENT_NODE) {
        node.remove();
        removed++;
        continue;
      }
      if (!(node instanceof Element)) continue;
      if (!ALLOWED_TAGS.has(node.tagName)) {
        // Its text stays readable; the element and everything it would do goes.
        node.replaceWith(document.createTextNode(node.textContent ?? ''));
        removed++;
        continue;
      }
      for (const attr of [...node.attributes]) {
        if (!attrAllowed(node.tagName, attr.name, attr.value)) {
          node.removeAttribute(attr.name);
          removed++;
        }
      }
      if (node.tagName === 'A') node.setAttribute('rel', 'noopener noreferrer nofollow');
      walk(node);
    }
  };
  walk(parsed);
  const fragment = document.createDocumentFragment();
  // Adopted into the page only now, checked.
  fragment.append(...[...parsed.childNodes].map((n) => document.adoptNode(n)));
  return { fragment, removed };
}

function attrAllowed(tag: string, name: string, value: string): boolean {
  if (COMMON_ATTRS.has(name)) return true;
  if (!(ELEMENT_ATTRS[tag]?.has(name) ?? false)) return false;
  const v = value.trim();
  if (name === 'href') return SAFE_HREF.test(v);
  if (name === 'src') return SAFE_SRC.test(v);
  if (name === 'style') return SAFE_STYLE.test(v);
  if (name === 'class') return SAFE_CLASS.test(v);
  if (name === 'start') return /^\d{1,9}$/.test(v);
  return true;
}

/** The sanitised HTML as a string (for the HTML export). */
export function safeHtml(html: string): string {
  const holder = document.createElement('div');
  holder.append(safeFragment(html).fragment);
  return holder.innerHTML;
}
