import type { Api, LoggedOp } from './api';
import { h, relativeTime } from './dom';
import { groupEdits } from './edit-groups';

export interface HistoryHost {
  readonly docId: string;
  /** The REST client, with the page's token. */
  readonly api: Api;
  /** The version the editor holds now. */
  currentVersion(): number;
  /** Replace the text with `content` as the user's own (undoable, shared) edit. */
  restore(content: string, version: number): void;
  close(): void;
}

/**
 * The history panel: a slider over versions that shows the document as it was (from
 * `GET /api/docs/{id}?version=N`), the recent op log with who changed what, and "restore this
 * version", which the host sends as a normal op.
 */
export class HistoryPanel {
  readonly element: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly label: HTMLElement;
  private readonly preview: HTMLElement;
  private readonly log: HTMLElement;
  private readonly restoreButton: HTMLButtonElement;
  private shown: { version: number; content: string } | undefined;
  private timer: number | undefined;
  private request = 0;
  private readOnly = false;

  constructor(private readonly host: HistoryHost) {
    this.slider = h('input', {
      type: 'range',
      min: 0,
      max: 0,
      value: 0,
      step: 1,
      id: 'history-slider',
      'aria-label': 'Version',
    });
    this.label = h('output', { id: 'history-version', for: 'history-slider' });
    this.preview = h('pre', {
      class: 'history-preview',
      id: 'history-preview',
      tabindex: 0,
      'aria-label': 'Document at the selected version',
    });
    this.log = h('ol', { class: 'history-log', id: 'history-log', reversed: true });
    this.restoreButton = h(
      'button',
      { class: 'btn primary', id: 'history-restore', type: 'button', disabled: true },
      'Restore this version',
    );
    this.element = h(
      'aside',
      { class: 'history', id: 'history', 'aria-label': 'History', hidden: true },
      h(
        'div',
        { class: 'history-head' },
        h('h2', {}, 'History'),
        h(
          'button',
          {
            class: 'btn icon',
            type: 'button',
            'aria-label': 'Close history',
            title: 'Close (Esc)',
            onclick: () => host.close(),
          },
          '✕',
        ),
      ),
      h('div', { class: 'history-controls' }, this.slider, this.label),
      this.restoreButton,
      this.preview,
      h('h3', {}, 'Changes'),
      this.log,
    );
    this.slider.addEventListener('input', () => this.schedule());
    this.restoreButton.addEventListener('click', () => {
      if (this.shown && !this.readOnly) this.host.restore(this.shown.content, this.shown.version);
    });
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') host.close();
    });
  }

  /** Opens at the latest version minus one (the most useful "before" view). */
  open(): void {
    const max = this.host.currentVersion();
    this.slider.max = String(max);
    this.slider.value = String(Math.max(0, max - 1));
    this.element.hidden = false;
    this.load();
    this.slider.focus();
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  hide(): void {
    this.element.hidden = true;
  }

  /** Read-only users can look at old versions but not restore one: the button goes away. */
  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
    this.restoreButton.hidden = readOnly;
  }

  /** Keeps the slider's range up to date while others type. */
  versionChanged(version: number): void {
    if (!this.isOpen) return;
    const atEnd = Number(this.slider.value) === Number(this.slider.max);
    this.slider.max = String(version);
    if (atEnd) this.slider.value = String(version);
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    this.label.textContent = `Version ${this.slider.value}`;
    this.timer = window.setTimeout(() => this.load(), 120);
  }

  private load(): void {
    const version = Number(this.slider.value);
    const max = Number(this.slider.max);
    const id = ++this.request;
    this.label.textContent = `Version ${version} of ${max}`;
    this.restoreButton.disabled = true;
    this.preview.classList.add('loading');
    const from = Math.max(1, max - 199);
    Promise.all([
      this.host.api.getDoc(this.host.docId, version),
      max >= 1
        ? this.host.api.getOps(this.host.docId, from, max + 1)
        : Promise.resolve({ id: '', ops: [] }),
    ])
      .then(([doc, log]) => {
        if (id !== this.request) return;
        this.shown = { version: doc.version, content: doc.content };
        this.preview.classList.remove('loading');
        this.preview.textContent = doc.content === '' ? '(empty document)' : doc.content;
        this.preview.classList.toggle('empty', doc.content === '');
        this.restoreButton.disabled = this.readOnly || version === this.host.currentVersion();
        this.renderLog(
          log.ops.filter((o) => o.version >= from && o.version <= max),
          version,
        );
      })
      .catch((e: unknown) => {
        if (id !== this.request) return;
        this.preview.classList.remove('loading');
        this.preview.textContent = `Could not load version ${version}: ${e instanceof Error ? e.message : String(e)}`;
      });
  }

  private renderLog(ops: LoggedOp[], selected: number): void {
    const items = groupEdits(ops).map((g) =>
      h(
        'li',
        { class: selected >= g.from && selected <= g.to ? 'selected' : undefined },
        h(
          'button',
          {
            type: 'button',
            class: 'log-entry',
            title: `Show version ${g.to}`,
            onclick: () => {
              this.slider.value = String(g.to);
              this.schedule();
            },
          },
          h('span', { class: 'log-version' }, g.from === g.to ? `v${g.to}` : `v${g.from}–${g.to}`),
          h('span', { class: 'log-author' }, g.author),
          h('span', { class: 'log-summary' }, g.summary),
          h('span', { class: 'log-time' }, relativeTime(g.time)),
        ),
      ),
    );
    this.log.replaceChildren(
      ...(items.length > 0 ? items : [h('li', { class: 'muted' }, 'No changes yet.')]),
    );
  }
}
