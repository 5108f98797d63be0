import { ApiError, type Api, type DocSummary } from './api';
import { h, relativeTime } from './dom';
import { docMeta } from './format';

/** How long a deleted document can be brought back before the server is asked to delete it. */
export const UNDO_MS = 6000;

export type SortOrder = 'updated' | 'title';

/**
 * The "All documents" card of the list page: search (by title and id, answered by the server's
 * `q`), sort (last edit, as the server pages, or title), rename (the title) and delete with a
 * confirmation and a short undo. A delete is only sent once its undo has run out (or the page is
 * left): until then, the document is merely hidden here.
 */
export class DocList {
  readonly element: HTMLElement;
  private readonly listEl: HTMLUListElement;
  private readonly search: HTMLInputElement;
  private readonly sort: HTMLSelectElement;
  private readonly footer: HTMLElement;
  private docs: DocSummary[] = [];
  private next: string | null | undefined;
  private request = 0;
  private searchTimer: number | undefined;
  /** Documents deleted here whose undo has not run out: id → timer. */
  private readonly pendingDeletes = new Map<string, number>();

  constructor(
    private readonly api: Api,
    private readonly onUnauthorized: () => void,
  ) {
    this.search = h('input', {
      id: 'doc-search',
      type: 'search',
      placeholder: 'Search titles and names',
      autocomplete: 'off',
      'aria-label': 'Search documents by title or name',
    });
    this.sort = h(
      'select',
      { id: 'doc-sort', 'aria-label': 'Sort documents' },
      h('option', { value: 'updated' }, 'Last edited'),
      h('option', { value: 'title' }, 'Title'),
    );
    this.listEl = h('ul', { class: 'doc-list', id: 'doc-list' });
    this.footer = h('div', { class: 'doc-list-footer' }, h('p', { class: 'muted' }, 'Loading…'));
    this.element = h(
      'section',
      { class: 'card', 'aria-labelledby': 'all-docs' },
      h(
        'div',
        { class: 'doc-list-head' },
        h('h2', { id: 'all-docs' }, 'All documents'),
        h('div', { class: 'doc-list-tools' }, this.search, this.sort),
      ),
      this.listEl,
      this.footer,
    );
    this.search.addEventListener('input', () => {
      window.clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => this.load(), 200);
    });
    this.sort.addEventListener('change', () => this.render());
    window.addEventListener('pagehide', () => this.flushDeletes());
  }

  /** Loads the first page for the current search. */
  load(): void {
    const id = ++this.request;
    this.api
      .listDocs(undefined, 50, this.search.value)
      .then((page) => {
        if (id !== this.request) return;
        this.docs = page.docs;
        this.next = page.next;
        this.render();
      })
      .catch((e: unknown) => this.failed(e));
  }

  private more(button: HTMLButtonElement): void {
    const id = this.request;
    button.disabled = true;
    this.api
      .listDocs(this.next ?? undefined, 50, this.search.value)
      .then((page) => {
        if (id !== this.request) return;
        this.docs = [...this.docs, ...page.docs];
        this.next = page.next;
        this.render();
      })
      .catch(() => {
        button.disabled = false;
        button.textContent = 'Could not load more — try again';
      });
  }

  private failed(e: unknown): void {
    if (e instanceof ApiError && e.status === 401) {
      this.onUnauthorized();
      return;
    }
    this.footer.replaceChildren(
      h(
        'p',
        { class: 'error' },
        `Could not load the list of documents (${e instanceof Error ? e.message : String(e)}). Is the server running?`,
      ),
    );
  }

  private render(): void {
    const shown = sortDocs(
      this.docs.filter((d) => !this.pendingDeletes.has(d.id)),
      this.sort.value as SortOrder,
    );
    this.listEl.replaceChildren(...shown.map((d) => this.row(d)));
    // An empty list is no list (and no empty landmark for screen readers).
    if (shown.length === 0) this.listEl.remove();
    else if (!this.listEl.isConnected) this.footer.before(this.listEl);
    const parts: HTMLElement[] = [];
    if (shown.length === 0) {
      parts.push(
        this.search.value.trim()
          ? h(
              'p',
              { class: 'muted', id: 'no-match' },
              `No document matches “${this.search.value.trim()}”.`,
            )
          : emptyState(),
      );
    }
    if (this.next) {
      const more = h('button', { class: 'btn more', type: 'button', id: 'more-docs' }, 'Show more');
      more.addEventListener('click', () => this.more(more));
      parts.push(more);
    }
    this.footer.replaceChildren(...parts);
  }

  private row(d: DocSummary): HTMLElement {
    const title = d.title ?? '';
    const rename = h(
      'button',
      {
        class: 'btn small',
        type: 'button',
        'data-action': 'rename',
        'aria-label': `Rename ${title || d.id}`,
      },
      'Rename',
    );
    const del = h(
      'button',
      {
        class: 'btn small danger',
        type: 'button',
        'data-action': 'delete',
        'aria-label': `Delete ${title || d.id}`,
      },
      'Delete',
    );
    const li = h(
      'li',
      { 'data-id': d.id },
      h(
        'a',
        { href: `/d/${encodeURIComponent(d.id)}`, class: 'doc-link' },
        h(
          'span',
          { class: 'doc-icon', 'aria-hidden': 'true' },
          d.id.endsWith('.md') ? 'MD' : 'TXT',
        ),
        h(
          'span',
          { class: 'doc-names' },
          h('span', { class: 'doc-name' }, title || d.id),
          title ? h('span', { class: 'doc-id' }, d.id) : null,
        ),
        h(
          'span',
          { class: 'doc-meta' },
          docMeta(d.length, d.version, d.updated ? relativeTime(d.updated) : ''),
        ),
      ),
      h('span', { class: 'doc-actions' }, rename, del),
    );
    rename.addEventListener('click', () => this.rename(li, d));
    del.addEventListener('click', () => void this.confirmDelete(d));
    return li;
  }

  private rename(li: HTMLElement, d: DocSummary): void {
    const input = h('input', {
      class: 'rename-input',
      type: 'text',
      value: d.title ?? '',
      placeholder: d.id,
      maxlength: 200,
      'aria-label': `New title of ${d.id}`,
    });
    const name = li.querySelector('.doc-names');
    name?.replaceWith(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (save: boolean): void => {
      if (done) return;
      done = true;
      const wanted = input.value.trim();
      if (!save || wanted === (d.title ?? '')) {
        this.render();
        return;
      }
      this.api
        .setTitle(d.id, wanted)
        .then((t) => {
          this.docs = this.docs.map((x) => (x.id === d.id ? { ...x, title: t.title } : x));
          this.render();
        })
        .catch((e: unknown) => {
          this.render();
          notice(`Could not rename ${d.id}: ${e instanceof Error ? e.message : String(e)}`);
        });
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(true);
      if (e.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
  }

  private async confirmDelete(d: DocSummary): Promise<void> {
    const label = d.title || d.id;
    if (
      !(await confirmDialog(`Delete “${label}”?`, 'Its text and history are deleted for everyone.'))
    ) {
      return;
    }
    this.pendingDeletes.set(
      d.id,
      window.setTimeout(() => this.sendDelete(d.id), UNDO_MS),
    );
    this.render();
    notice(`Deleted “${label}”.`, 'Undo', () => {
      window.clearTimeout(this.pendingDeletes.get(d.id));
      this.pendingDeletes.delete(d.id);
      this.render();
    });
  }

  private sendDelete(id: string): void {
    this.pendingDeletes.delete(id);
    this.docs = this.docs.filter((d) => d.id !== id);
    this.api.deleteDoc(id).catch((e: unknown) => {
      notice(`Could not delete ${id}: ${e instanceof Error ? e.message : String(e)}`);
      this.load();
    });
  }

  /** Leaving the page ends the undo: what was deleted here is deleted now. */
  private flushDeletes(): void {
    for (const [id, timer] of this.pendingDeletes) {
      window.clearTimeout(timer);
      this.sendDelete(id);
    }
  }
}

/** The documents in the chosen order: as the server sent them (last edit), or by title/id. */
export function sortDocs(docs: readonly DocSummary[], order: SortOrder): DocSummary[] {
  if (order === 'updated') return [...docs];
  const key = (d: DocSummary): string => (d.title || d.id).toLocaleLowerCase();
  return [...docs].sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
}

/** A modal yes/no question (a native `<dialog>`: focus is trapped and Escape cancels). */
function confirmDialog(question: string, detail: string): Promise<boolean> {
  return new Promise((resolve) => {
    const yes = h('button', { class: 'btn danger', type: 'button', id: 'confirm-yes' }, 'Delete');
    const no = h('button', { class: 'btn', type: 'button', id: 'confirm-no' }, 'Cancel');
    const dialog = h(
      'dialog',
      { class: 'confirm', id: 'confirm-dialog', 'aria-labelledby': 'confirm-question' },
      h('p', { id: 'confirm-question', class: 'confirm-question' }, question),
      h('p', { class: 'muted' }, detail),
      h('div', { class: 'confirm-buttons' }, no, yes),
    );
    const close = (answer: boolean): void => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    yes.addEventListener('click', () => close(true));
    no.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

/** A message at the bottom of the page with an optional action (the undo), for {@link UNDO_MS}. */
function notice(message: string, action?: string, onAction?: () => void): void {
  document.getElementById('undo-bar')?.remove();
  const bar = h(
    'div',
    { class: 'undo-bar', id: 'undo-bar', role: 'status', 'aria-live': 'polite' },
    h('span', {}, message),
  );
  if (action && onAction) {
    const button = h('button', { class: 'btn', type: 'button', id: 'undo-delete' }, action);
    button.addEventListener('click', () => {
      bar.remove();
      onAction();
    });
    bar.append(button);
  }
  document.body.append(bar);
  window.setTimeout(() => bar.remove(), UNDO_MS);
}

function emptyState(): HTMLElement {
  return h(
    'div',
    { class: 'empty', id: 'empty-state' },
    h('p', { class: 'empty-title' }, 'No documents yet'),
    h(
      'p',
      { class: 'muted' },
      'Type a title above and press Enter to create your first document. Then copy its link and open it in another window — or send it to a colleague — to edit together.',
    ),
  );
}
