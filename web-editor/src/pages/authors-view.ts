import { StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { remoteChange } from 'quire-client/codemirror';
import type { Api, AuthorSpan } from './api';
import { authorColor } from './author-colors';
import { h } from './dom';

/** What the view asks of the page. */
export interface AuthorsHost {
  docId: string;
  api: Api;
  /** Our name, the author of what we type. */
  you(): string;
  /** The colour of a present person by name (ours included), if any is here. */
  presentColor(name: string): string | undefined;
  /** The version the editor's text is at, and whether none of our edits wait for the server. */
  status(): { version: number; pending: number };
  /** The toggle was switched (the history view follows it). */
  changed(on: boolean): void;
}

const setMarks = StateEffect.define<DecorationSet>();
const addMarks = StateEffect.define<Range<Decoration>[]>();

/** The author colours: replaced on every fetch, mapped through edits between, ours added as we type. */
const marks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setMarks)) next = e.value;
      if (e.is(addMarks)) next = next.update({ add: e.value, sort: true });
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * "Authors" (issue 17): colours the text by who inserted it, with the presence colour of each
 * author who is here (a colour of the same palette, from their name, for those who are not:
 * {@link authorColor}), and names the
 * author and time of a passage on hover. The spans come from `GET /api/docs/{id}/authorship`
 * at the editor's version; what we type is marked as ours at once, and after others' edits the
 * spans are fetched again (decision 033: no new message type).
 */
export class AuthorsView {
  readonly button = h(
    'button',
    {
      class: 'btn',
      type: 'button',
      id: 'authors-toggle',
      'aria-pressed': 'false',
      title: 'Colour the text by who wrote it',
    },
    'Authors',
  );
  private on = false;
  private view!: EditorView;
  private refetch: number | undefined;
  private request = 0;

  constructor(private readonly host: AuthorsHost) {
    this.button.addEventListener('click', () => this.toggle(!this.on));
  }

  get isOn(): boolean {
    return this.on;
  }

  attach(view: EditorView): void {
    this.view = view;
  }

  extension(): Extension {
    return [
      marks,
      EditorView.updateListener.of((u) => {
        if (!this.on || !u.docChanged) return;
        for (const tr of u.transactions) {
          if (!tr.docChanged) continue;
          if (tr.annotation(remoteChange)) {
            this.schedule();
            continue;
          }
          const mine: Range<Decoration>[] = [];
          const span = { from: 0, to: 0, author: this.host.you(), time: new Date().toISOString() };
          tr.changes.iterChanges((_fa, _ta, from, to) => {
            if (to > from) mine.push(this.mark({ ...span, from, to }).range(from, to));
          });
          if (mine.length > 0)
            queueMicrotask(() => this.view.dispatch({ effects: addMarks.of(mine) }));
        }
      }),
    ];
  }

  toggle(on: boolean): void {
    this.on = on;
    this.button.setAttribute('aria-pressed', String(on));
    this.button.classList.toggle('active', on);
    this.view.dom.classList.toggle('show-authors', on);
    if (on) void this.fetch();
    else {
      this.request++;
      this.view.dispatch({ effects: setMarks.of(Decoration.none) });
    }
    this.host.changed(on);
  }

  /** Others edited: fetch the spans again once things settle. */
  private schedule(): void {
    window.clearTimeout(this.refetch);
    this.refetch = window.setTimeout(() => void this.fetch(), 400);
  }

  private async fetch(): Promise<void> {
    const id = ++this.request;
    const before = this.host.status();
    try {
      const a = await this.host.api.getAuthorship(this.host.docId, before.version);
      const now = this.host.status();
      if (id !== this.request || !this.on) return;
      // Our text must be at the version asked, with nothing of ours on top; else try again soon.
      if (
        now.version !== a.version ||
        now.pending > 0 ||
        this.view.state.doc.length !== end(a.spans)
      ) {
        this.schedule();
        return;
      }
      const ranges = a.spans.map((s) => this.mark(s).range(s.from, s.to));
      this.view.dispatch({ effects: setMarks.of(Decoration.set(ranges)) });
    } catch {
      if (id === this.request && this.on) this.schedule();
    }
  }

  private mark(s: AuthorSpan): Decoration {
    return Decoration.mark({
      class: 'author-mark',
      attributes: {
        style: `--author:${this.colorOf(s.author)}`,
        title: describe(s),
        'data-author': s.author,
      },
    });
  }

  /** The colour of `author`'s text ({@link authorColor}). */
  colorOf(author: string): string {
    return authorColor(author, (name) => this.host.presentColor(name));
  }

  /**
   * Colours a history version's text (already in `host`, as text nodes in order, other markup
   * around them kept) by the spans of that version.
   */
  colorHistory(host: HTMLElement, spans: readonly AuthorSpan[]): void {
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) nodes.push(n as Text);
    let at = 0;
    let i = 0;
    for (const node of nodes) {
      const text = node.data;
      const parts: Node[] = [];
      let from = 0;
      while (from < text.length && i < spans.length) {
        const s = spans[i]!;
        const to = Math.min(text.length, s.to - at);
        if (to <= from) {
          i++;
          continue;
        }
        parts.push(
          h(
            'span',
            {
              class: 'author-mark',
              style: `--author:${this.colorOf(s.author)}`,
              title: describe(s),
              'data-author': s.author,
            },
            text.slice(from, to),
          ),
        );
        from = to;
        if (at + from >= s.to) i++;
      }
      if (from < text.length) parts.push(document.createTextNode(text.slice(from)));
      at += text.length;
      node.replaceWith(...parts);
    }
  }
}

function end(spans: readonly AuthorSpan[]): number {
  return spans.length === 0 ? 0 : spans[spans.length - 1]!.to;
}

/** "Ada, 6 Dec, 10:41", or "unknown author" for text from before authorship was kept. */
export function describe(s: AuthorSpan): string {
  if (s.author === '') return 'unknown author';
  if (s.time === undefined) return s.author;
  const t = new Date(s.time);
  const when = t.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `${s.author}, ${when}`;
}
