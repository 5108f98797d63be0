import { EditorView } from '@codemirror/view';
import { safeFragment } from '../markdown/sanitize';
import { h } from './dom';

/** How the editor area shows a Markdown document. */
export type ViewMode = 'edit' | 'split' | 'preview';

const VIEW_KEY = 'quire.view';
/** Re-rendering a long document on every keystroke would cost more than it shows. */
const RENDER_DELAY_MS = 120;
/** After one side scrolled the other, that side's own scroll event is ignored for this long. */
const ECHO_MS = 150;

/** The view this browser chose last, or split on a wide screen and the editor alone otherwise. */
export function loadViewMode(): ViewMode {
  const v = localStorage.getItem(VIEW_KEY);
  if (v === 'edit' || v === 'split' || v === 'preview') return v;
  return window.matchMedia('(min-width: 1100px)').matches ? 'split' : 'edit';
}

/**
 * The rendered Markdown beside (split) or instead of (preview) the editor, kept current as
 * anyone types, with synced scrolling: the block at the top of one side is brought to the top
 * of the other, interpolated between the blocks' source lines (`data-line`, render.ts).
 */
export class MarkdownPreview {
  readonly element = h('article', {
    class: 'md-preview',
    id: 'md-preview',
    'aria-label': 'Markdown preview',
    tabindex: 0,
  });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private renderedText: string | undefined;
  private mode: ViewMode = 'edit';
  private ignoreEditorUntil = 0;
  private ignorePreviewUntil = 0;
  /** Checked nodes the sanitiser removed in the last render (0 unless HTML slipped through). */
  removed = 0;

  constructor(
    private readonly view: EditorView,
    private readonly workspace: HTMLElement,
  ) {
    view.scrollDOM.addEventListener('scroll', () => {
      if (Date.now() < this.ignoreEditorUntil || this.mode !== 'split') return;
      this.ignorePreviewUntil = Date.now() + ECHO_MS;
      this.syncPreviewToEditor();
    });
    this.element.addEventListener('scroll', () => {
      if (Date.now() < this.ignorePreviewUntil || this.mode !== 'split') return;
      this.ignoreEditorUntil = Date.now() + ECHO_MS;
      this.syncEditorToPreview();
    });
  }

  get viewMode(): ViewMode {
    return this.mode;
  }

  setMode(mode: ViewMode, remember: boolean): void {
    this.mode = mode;
    this.workspace.dataset.view = mode;
    if (remember) localStorage.setItem(VIEW_KEY, mode);
    if (mode !== 'edit') this.renderNow();
    this.view.requestMeasure();
    if (mode === 'split') requestAnimationFrame(() => this.syncPreviewToEditor());
  }

  /** The text changed: render soon (shown views only). */
  changed(): void {
    if (this.mode === 'edit') return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.renderNow(), RENDER_DELAY_MS);
  }

  renderNow(): void {
    clearTimeout(this.timer);
    const text = this.view.state.doc.toString();
    if (text === this.renderedText) return;
    this.renderedText = text;
    // markdown-it is loaded with the first preview: plain-text documents never fetch it.
    void import('../markdown/render').then(({ renderMarkdown }) => {
      if (text === this.renderedText) this.show(text, renderMarkdown(text));
    });
  }

  private show(text: string, html: string): void {
    const { fragment, removed } = safeFragment(html);
    this.removed = removed;
    this.element.replaceChildren(fragment);
    this.element.dataset.rendered = String(text.length);
  }

  private blocks(): HTMLElement[] {
    return [...this.element.querySelectorAll<HTMLElement>('[data-line]')];
  }

  private syncPreviewToEditor(): void {
    const scroller = this.view.scrollDOM;
    const top = scroller.scrollTop;
    // The ends match exactly: the top with the top, the bottom with the bottom.
    if (top <= 0 || top + scroller.clientHeight >= scroller.scrollHeight - 1) {
      this.element.scrollTop = top <= 0 ? 0 : this.element.scrollHeight;
      return;
    }
    const block = this.view.lineBlockAtHeight(top);
    const line = this.view.state.doc.lineAt(block.from).number - 1;
    // The fraction of that line already scrolled past (long wrapped paragraphs).
    const frac = block.height > 0 ? (top - block.top) / block.height : 0;
    const target = this.previewOffsetOf(line + Math.min(Math.max(frac, 0), 1));
    this.element.scrollTop = target;
  }

  private previewOffsetOf(line: number): number {
    const blocks = this.blocks();
    if (blocks.length === 0) return 0;
    const base = this.element.getBoundingClientRect().top - this.element.scrollTop;
    let before = blocks[0]!;
    let after: HTMLElement | undefined;
    for (const b of blocks) {
      if (Number(b.dataset.line) <= line) before = b;
      else {
        after = b;
        break;
      }
    }
    const y0 = before.getBoundingClientRect().top - base;
    const l0 = Number(before.dataset.line);
    if (after === undefined) return y0;
    const y1 = after.getBoundingClientRect().top - base;
    const l1 = Number(after.dataset.line);
    return y0 + ((y1 - y0) * (line - l0)) / Math.max(l1 - l0, 1);
  }

  private syncEditorToPreview(): void {
    const blocks = this.blocks();
    const top = this.element.scrollTop;
    const el = this.element;
    if (blocks.length === 0 || top <= 0 || top + el.clientHeight >= el.scrollHeight - 1) {
      const scroller = this.view.scrollDOM;
      scroller.scrollTop = top <= 0 || blocks.length === 0 ? 0 : scroller.scrollHeight;
      return;
    }
    const base = this.element.getBoundingClientRect().top - this.element.scrollTop;
    let line = 0;
    for (let i = 0; i < blocks.length; i++) {
      const y0 = blocks[i]!.getBoundingClientRect().top - base;
      const next = blocks[i + 1];
      const y1 = next ? next.getBoundingClientRect().top - base : Infinity;
      // A block exactly at the top (within a pixel) is that block, not the end of the one before.
      if (top + 1 < y1 || next === undefined) {
        const l0 = Number(blocks[i]!.dataset.line);
        const l1 = next ? Number(next.dataset.line) : l0 + 1;
        const f = Number.isFinite(y1) && y1 > y0 ? Math.max(0, (top - y0) / (y1 - y0)) : 0;
        line = l0 + (l1 - l0) * Math.min(f, 1);
        break;
      }
    }
    const doc = this.view.state.doc;
    const whole = Math.min(Math.floor(line), doc.lines - 1);
    const from = doc.line(whole + 1).from;
    // CodeMirror only estimates the height of lines it has not drawn: scrollIntoView measures
    // them first, then the part of the line already passed is added.
    this.view.dispatch({ effects: EditorView.scrollIntoView(from, { y: 'start', yMargin: 0 }) });
    const part = line - whole;
    if (part > 0)
      requestAnimationFrame(() => {
        this.ignoreEditorUntil = Date.now() + ECHO_MS;
        this.view.scrollDOM.scrollTop += part * this.view.lineBlockAt(from).height;
      });
  }
}

/** The three-way switch in the header (Markdown documents only). */
export function viewSwitch(
  current: ViewMode,
  choose: (mode: ViewMode) => void,
): { element: HTMLElement; update: (mode: ViewMode) => void } {
  const labels: [ViewMode, string][] = [
    ['edit', 'Edit'],
    ['split', 'Split'],
    ['preview', 'Preview'],
  ];
  const buttons = labels.map(([mode, label]) =>
    h(
      'button',
      {
        type: 'button',
        class: 'seg',
        id: `view-${mode}`,
        'aria-pressed': String(mode === current),
        onclick: () => choose(mode),
      },
      label,
    ),
  );
  const element = h(
    'div',
    { class: 'view-switch', role: 'group', 'aria-label': 'View' },
    ...buttons,
  );
  return {
    element,
    update: (mode) =>
      buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(labels[i]![0] === mode))),
  };
}
