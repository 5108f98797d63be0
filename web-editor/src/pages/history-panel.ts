import type { Api, LoggedOp, NamedVersion } from './api';
import { h, toast } from './dom';
import { changeBetween, countChange, renderCompare, renderSince } from './history-diff';
import { describeSession, groupSessions } from './history-sessions';

export interface HistoryHost {
  readonly docId: string;
  /** The REST client, with the page's token. */
  readonly api: Api;
  /** The version the editor holds now. */
  currentVersion(): number;
  /** Replace the text with `content` as the user's own (undoable, shared) edit. */
  restore(content: string, version: number): void;
  close(): void;
  /** Colours the shown version by author when "Authors" is on (issue 17); `true` if it did. */
  colorByAuthor?(
    preview: HTMLElement,
    version: number,
    stillShown: () => boolean,
  ): Promise<boolean>;
}

/** How many ops of the log one page of the history loads. */
export const LOG_PAGE = 500;

/**
 * The history: a side panel (a slider over versions, restore, named versions, compare, and the
 * op log grouped into editing sessions, paged back to version 1) and a view that takes the
 * editor's place while the panel is open ({@link HistoryPanel.view}): the selected version in
 * full, read-only, with what changed since marked — or two versions compared. It opens at the
 * current version and follows the document while others edit. "Restore" sends the old text as
 * an ordinary, undoable edit of the user's.
 */
export class HistoryPanel {
  readonly element: HTMLElement;
  /** Shown instead of the editor while the panel is open. */
  readonly view: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly label: HTMLElement;
  private readonly viewTitle: HTMLElement;
  private readonly preview: HTMLElement;
  private readonly log: HTMLElement;
  private readonly older: HTMLButtonElement;
  private readonly names: HTMLElement;
  private readonly restoreButton: HTMLButtonElement;
  private readonly nameButton: HTMLButtonElement;
  private readonly compareFrom: HTMLInputElement;
  private readonly compareTo: HTMLInputElement;
  private shown: { version: number; content: string } | undefined;
  private timer: number | undefined;
  private followTimer: number | undefined;
  private request = 0;
  private readOnly = false;
  /** The loaded part of the op log: versions `loadedFrom..loadedTo`, in order. */
  private ops: LoggedOp[] = [];
  private loadedFrom = 1;
  private loadedTo = 0;
  private named: NamedVersion[] = [];

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
    this.viewTitle = h('p', { class: 'history-view-title', id: 'history-view-title' });
    this.preview = h('pre', {
      class: 'history-preview',
      id: 'history-preview',
      tabindex: 0,
      'aria-label': 'Document at the selected version',
    });
    this.view = h(
      'section',
      { class: 'history-view', id: 'history-view', hidden: true, 'aria-label': 'Version' },
      this.viewTitle,
      this.preview,
    );
    this.log = h('ol', { class: 'history-log', id: 'history-log' });
    this.older = h(
      'button',
      { class: 'btn more', type: 'button', id: 'history-older', hidden: true },
      'Show older changes',
    );
    this.names = h('ul', { class: 'named-versions', id: 'named-versions' });
    this.restoreButton = h(
      'button',
      { class: 'btn primary', id: 'history-restore', type: 'button', disabled: true },
      'Restore this version',
    );
    this.nameButton = h(
      'button',
      { class: 'btn', id: 'history-name', type: 'button' },
      'Name current version',
    );
    this.compareFrom = numberInput('compare-from', 'Compare from version');
    this.compareTo = numberInput('compare-to', 'Compare to version');
    const compareGo = h('button', { class: 'btn', type: 'button', id: 'compare-go' }, 'Compare');
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
      h('div', { class: 'history-buttons' }, this.restoreButton, this.nameButton),
      h(
        'form',
        { class: 'history-compare', 'aria-label': 'Compare two versions' },
        h('label', { for: 'compare-from' }, 'Compare'),
        this.compareFrom,
        h('label', { for: 'compare-to' }, 'with'),
        this.compareTo,
        compareGo,
      ),
      h('h3', {}, 'Named versions'),
      this.names,
      h('h3', {}, 'Changes'),
      this.log,
      this.older,
    );
    this.slider.addEventListener('input', () => this.schedule());
    this.restoreButton.addEventListener('click', () => {
      if (this.shown && !this.readOnly) this.host.restore(this.shown.content, this.shown.version);
    });
    this.nameButton.addEventListener('click', () => this.askName());
    compareGo.addEventListener('click', () => void this.compare());
    compareGo.closest('form')?.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.compare();
    });
    this.older.addEventListener('click', () => void this.loadOlder());
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') host.close();
    });
  }

  /** Opens at the current version, with the newest page of the log. */
  open(): void {
    const max = this.host.currentVersion();
    this.slider.max = String(max);
    this.slider.value = String(max);
    this.compareFrom.value = String(Math.max(0, max - 1));
    this.compareTo.value = String(max);
    this.element.hidden = false;
    this.view.hidden = false;
    this.ops = [];
    this.loadedFrom = Math.max(1, max - LOG_PAGE + 1);
    this.loadedTo = this.loadedFrom - 1;
    void this.loadNewer(max);
    void this.loadNames();
    this.load();
    this.slider.focus();
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  hide(): void {
    this.element.hidden = true;
    this.view.hidden = true;
    window.clearTimeout(this.followTimer);
  }

  /** Read-only users can look at old versions but not restore or name one. */
  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
    this.restoreButton.hidden = readOnly;
    this.nameButton.hidden = readOnly;
  }

  /** Shows the selected version again (the "Authors" toggle changed). */
  refresh(): void {
    if (this.isOpen && !this.preview.classList.contains('compare')) this.load();
  }

  /** Follows the document while others (or the user) edit: the range, the log and the view. */
  versionChanged(version: number): void {
    if (!this.isOpen) return;
    const atEnd = Number(this.slider.value) === Number(this.slider.max);
    this.slider.max = String(version);
    if (atEnd) this.slider.value = String(version);
    window.clearTimeout(this.followTimer);
    this.followTimer = window.setTimeout(() => {
      void this.loadNewer(version);
      if (!this.preview.classList.contains('compare')) this.load();
    }, 400);
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    this.label.textContent = `Version ${this.slider.value} of ${this.slider.max}`;
    this.timer = window.setTimeout(() => this.load(), 120);
  }

  /** Shows the selected version, with what changed since it marked. */
  private load(): void {
    const version = Number(this.slider.value);
    const max = Number(this.slider.max);
    const id = ++this.request;
    this.label.textContent = `Version ${version} of ${max}`;
    this.restoreButton.disabled = true;
    this.preview.classList.add('loading');
    this.host.api
      .getDoc(this.host.docId, version)
      .then(async (doc) => {
        const change = await changeBetween(
          this.host.api,
          this.host.docId,
          doc.version,
          max,
          doc.content.length,
        );
        if (id !== this.request) return;
        this.shown = { version: doc.version, content: doc.content };
        this.preview.classList.remove('loading', 'compare');
        this.preview.classList.toggle('empty', doc.content === '');
        renderSince(this.preview, doc.content, change);
        void this.host.colorByAuthor?.(this.preview, doc.version, () => id === this.request);
        const { inserted, deleted } = countChange(change);
        this.viewTitle.textContent =
          version === max
            ? `Version ${version} — the current text`
            : `Version ${version} of ${max}: what changed since is marked (+${inserted} −${deleted})`;
        this.restoreButton.disabled = this.readOnly || version === this.host.currentVersion();
        this.renderLog();
      })
      .catch((e: unknown) => {
        if (id !== this.request) return;
        this.preview.classList.remove('loading');
        this.preview.textContent = `Could not load version ${version}: ${message(e)}`;
      });
  }

  /** Shows two versions compared: the older text with the change to the newer one inline. */
  private async compare(): Promise<void> {
    const max = Number(this.slider.max);
    const a = Number(this.compareFrom.value);
    const b = Number(this.compareTo.value);
    if (![a, b].every((v) => Number.isInteger(v) && v >= 0 && v <= max)) {
      toast(`Versions go from 0 to ${max}.`);
      return;
    }
    const [from, to] = a <= b ? [a, b] : [b, a];
    const id = ++this.request;
    this.preview.classList.add('loading');
    try {
      const doc = await this.host.api.getDoc(this.host.docId, from);
      const change = await changeBetween(
        this.host.api,
        this.host.docId,
        from,
        to,
        doc.content.length,
      );
      if (id !== this.request) return;
      this.preview.classList.remove('loading', 'empty');
      this.preview.classList.add('compare');
      renderCompare(this.preview, doc.content, change);
      const { inserted, deleted } = countChange(change);
      this.viewTitle.textContent = `Comparing version ${from} with version ${to}: +${inserted} −${deleted}`;
      this.restoreButton.disabled = true;
    } catch (e) {
      if (id !== this.request) return;
      this.preview.classList.remove('loading');
      this.preview.textContent = `Could not compare: ${message(e)}`;
    }
  }

  /** Loads the log from the last loaded version up to `version`. */
  private async loadNewer(version: number): Promise<void> {
    if (version <= this.loadedTo) return;
    const from = this.loadedTo + 1;
    try {
      const page = await this.host.api.getOps(this.host.docId, from, version + 1);
      if (from !== this.loadedTo + 1) return; // another load got there first
      this.ops = [...this.ops, ...page.ops];
      this.loadedTo = Math.max(this.loadedTo, ...page.ops.map((o) => o.version));
      this.renderLog();
    } catch {
      // A document without ops yet, or offline: the log stays as it was.
    }
  }

  /** Loads the page of the log before the oldest loaded version. */
  private async loadOlder(): Promise<void> {
    if (this.loadedFrom <= 1) return;
    const to = this.loadedFrom;
    const from = Math.max(1, to - LOG_PAGE);
    this.older.disabled = true;
    try {
      const page = await this.host.api.getOps(this.host.docId, from, to);
      this.ops = [...page.ops, ...this.ops];
      this.loadedFrom = from;
      this.renderLog();
    } catch (e) {
      toast(`Could not load older changes: ${message(e)}`);
    } finally {
      this.older.disabled = false;
    }
  }

  private async loadNames(): Promise<void> {
    try {
      this.named = (await this.host.api.namedVersions(this.host.docId)).namedVersions;
    } catch {
      this.named = [];
    }
    this.renderNames();
  }

  private askName(): void {
    const version = this.host.currentVersion();
    const input = h('input', {
      type: 'text',
      id: 'history-name-input',
      maxlength: 200,
      placeholder: `Name for version ${version}`,
      'aria-label': `Name for version ${version}`,
    });
    this.nameButton.hidden = true;
    this.nameButton.after(input);
    input.focus();
    let done = false;
    const finish = (save: boolean): void => {
      if (done) return;
      done = true;
      input.remove();
      this.nameButton.hidden = this.readOnly;
      const name = input.value.trim();
      if (!save || !name) return;
      this.host.api
        .nameVersion(this.host.docId, version, name)
        .then(() => {
          toast(`Version ${version} is now “${name}”.`);
          return this.loadNames();
        })
        .catch((e: unknown) => toast(`Could not name the version: ${message(e)}`));
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(true);
      if (e.key === 'Escape') {
        e.stopPropagation();
        finish(false);
      }
    });
    input.addEventListener('blur', () => finish(true));
  }

  private select(version: number): void {
    this.slider.value = String(version);
    this.schedule();
  }

  private renderNames(): void {
    const items = [...this.named].reverse().map((n) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'log-entry',
            'data-version': n.version,
            onclick: () => this.select(n.version),
          },
          h('span', { class: 'log-author' }, n.name),
          h('span', { class: 'log-version' }, `version ${n.version}`),
        ),
      ),
    );
    this.names.replaceChildren(
      ...(items.length > 0
        ? items
        : [h('li', { class: 'muted' }, 'None yet: name the current version to find it again.')]),
    );
  }

  private renderLog(): void {
    const selected = Number(this.slider.value);
    const namedAt = new Map(this.named.map((n) => [n.version, n.name]));
    const items = groupSessions(this.ops).map((s) =>
      h(
        'li',
        {
          class: selected >= s.from && selected <= s.to ? 'selected' : undefined,
          'data-from': s.from,
          'data-to': s.to,
        },
        h(
          'button',
          {
            type: 'button',
            class: 'log-entry',
            title: `Show version ${s.to} (${s.ops} ${s.ops === 1 ? 'edit' : 'edits'}, versions ${s.from}–${s.to})`,
            onclick: () => this.select(s.to),
          },
          h('span', { class: 'log-summary' }, describeSession(s)),
          namedAt.has(s.to) ? h('span', { class: 'log-name' }, namedAt.get(s.to)!) : null,
        ),
      ),
    );
    this.log.replaceChildren(
      ...(items.length > 0 ? items : [h('li', { class: 'muted' }, 'No changes yet.')]),
    );
    this.older.hidden = this.loadedFrom <= 1;
    if (!this.older.hidden) {
      this.older.textContent = `Show older changes (before version ${this.loadedFrom})`;
    }
  }
}

function numberInput(id: string, label: string): HTMLInputElement {
  return h('input', {
    type: 'number',
    id,
    min: 0,
    step: 1,
    inputmode: 'numeric',
    class: 'version-input',
    'aria-label': label,
  });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
