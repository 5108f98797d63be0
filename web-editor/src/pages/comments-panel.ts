import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import type { CommentAction, CommentView, Role } from 'quire-client';
import { h, relativeTime } from './dom';

/** What the panel asks of the connection. */
export interface CommentActions {
  createComment(start: number, end: number, text: string): void;
  comment(action: Exclude<CommentAction, { action: 'create' }>): void;
}

const setMarks = StateEffect.define<DecorationSet>();

/** The highlights on commented text: replaced on every comment update, mapped through edits between. */
const marks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setMarks)) return e.value;
    return value.map(tr.changes);
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * The comments sidebar (issue 17): select text → "Comment"; threads aligned with their text,
 * highlighted in it; replies, edit and delete of one's own, resolve and reopen (with `write`).
 * Every text is shown with `textContent`, never as HTML.
 */
export class CommentsPanel {
  readonly element = h('aside', {
    class: 'comments idle',
    id: 'comments',
    'aria-label': 'Comments',
  });
  private readonly addButton = h(
    'button',
    { class: 'btn', type: 'button', id: 'comment-add', disabled: true },
    'Comment',
  );
  private readonly list = h('div', { class: 'comment-threads', id: 'comment-threads' });
  private comments: readonly CommentView[] = [];
  private you = '';
  private role: Role | undefined;
  /** Drafts typed in reply boxes, kept across re-renders. */
  private readonly drafts = new Map<string, string>();
  /** The text a new comment is being written on, moved with every edit meanwhile. */
  private pending: { from: number; to: number } | undefined;
  private view!: EditorView;

  constructor(private readonly actions: CommentActions) {
    this.addButton.addEventListener('click', () => this.startThread());
    this.element.append(h('div', { class: 'comment-bar' }, this.addButton), this.list);
  }

  /** Binds the panel to its editor (created with {@link extension}). */
  attach(view: EditorView): void {
    this.view = view;
  }

  /** The editor extension: the highlights, and the selection and edits the panel follows. */
  extension(): Extension {
    return [
      marks,
      EditorView.updateListener.of((u) => {
        if (u.docChanged && this.pending) {
          this.pending = {
            from: u.changes.mapPos(this.pending.from, 1),
            to: u.changes.mapPos(this.pending.to, -1),
          };
        }
        if (u.selectionSet) this.selectionChanged();
      }),
    ];
  }

  setRole(role: Role): void {
    this.role = role;
    this.selectionChanged();
    this.render();
  }

  /** The selection moved: "Comment" needs a non-empty selection and the `comment` role or more. */
  selectionChanged(): void {
    const sel = this.view.state.selection.main;
    this.addButton.disabled = sel.empty || !this.mayComment();
  }

  private mayComment(): boolean {
    return this.role !== undefined && this.role !== 'read';
  }

  private mayResolve(): boolean {
    return this.role === 'write' || this.role === 'admin';
  }

  update(comments: readonly CommentView[], you: string): void {
    this.comments = comments;
    this.you = you;
    const length = this.view.state.doc.length;
    const ranges = comments
      .filter((c) => c.range !== undefined && !c.resolved && c.range.end > c.range.start)
      .map((c) => ({ from: c.range!.start, to: Math.min(c.range!.end, length), id: c.id }))
      .filter((r) => r.from < r.to)
      .sort((a, b) => a.from - b.from || a.to - b.to);
    const set = Decoration.set(
      ranges.map((r) =>
        Decoration.mark({
          class: 'comment-mark',
          attributes: { 'data-thread': String(r.id) },
        }).range(r.from, r.to),
      ),
    );
    this.view.dispatch({ effects: setMarks.of(set) });
    this.render();
  }

  /** Without threads or a comment being written the sidebar is only its button, and narrow. */
  private markIdle(): void {
    const idle = this.list.childElementCount === 0 && !this.element.querySelector('.comment-form');
    this.element.classList.toggle('idle', idle);
  }

  private startThread(): void {
    const sel = this.view.state.selection.main;
    if (sel.empty) return;
    const box = h('textarea', {
      class: 'comment-input',
      id: 'comment-new',
      'aria-label': 'New comment',
      rows: 3,
    });
    const save = h('button', { class: 'btn', type: 'button', id: 'comment-save' }, 'Save');
    this.pending = { from: sel.from, to: sel.to };
    this.element.querySelector('.comment-form')?.remove();
    const form = h('div', { class: 'comment-form' }, box, save);
    save.addEventListener('click', () => {
      const text = box.value.trim();
      if (text === '' || this.pending === undefined) return;
      const from = this.pending.from;
      this.actions.createComment(from, Math.max(from, this.pending.to), text);
      this.pending = undefined;
      form.remove();
      this.markIdle();
    });
    this.element.insertBefore(form, this.list);
    this.markIdle();
    box.focus();
  }

  private render(): void {
    const active = document.activeElement as HTMLElement | null;
    const activeKey = active?.dataset?.key;
    const threads = this.comments.filter((c) => c.thread === c.id);
    const replies = new Map<number, CommentView[]>();
    for (const c of this.comments)
      if (c.thread !== c.id) replies.set(c.thread, [...(replies.get(c.thread) ?? []), c]);
    threads.sort((a, b) => (a.range?.start ?? 0) - (b.range?.start ?? 0) || a.id - b.id);
    const cards = threads.map((t) => this.card(t, replies.get(t.id) ?? []));
    this.list.replaceChildren(...cards);
    this.markIdle();
    this.align(threads, cards);
    if (activeKey !== undefined) {
      const again = this.list.querySelector<HTMLElement>(`[data-key="${activeKey}"]`);
      again?.focus();
    }
  }

  /** Puts each card at the height of its text, below the card before it. */
  private align(threads: readonly CommentView[], cards: HTMLElement[]): void {
    const top0 = this.list.getBoundingClientRect().top;
    let next = 0;
    threads.forEach((t, i) => {
      const card = cards[i]!;
      let want = next;
      const pos = t.range ? Math.min(t.range.start, this.view.state.doc.length) : 0;
      const coords = this.view.coordsAtPos(pos);
      if (coords) want = Math.max(next, coords.top - top0);
      card.style.marginTop = `${Math.max(0, want - next)}px`;
      next = want + card.getBoundingClientRect().height + 6;
    });
  }

  private card(t: CommentView, replies: readonly CommentView[]): HTMLElement {
    const collapsed = t.range !== undefined && t.range.start === t.range.end;
    const card = h(
      'section',
      {
        class: `comment-thread${t.resolved ? ' resolved' : ''}`,
        'data-thread': String(t.id),
        'aria-label': `Comment by ${t.author}`,
      },
      collapsed ? h('p', { class: 'comment-deleted-text' }, 'On deleted text') : null,
      this.entry(t),
      ...replies.map((r) => this.entry(r)),
    );
    if (this.mayComment() && !t.resolved) card.append(this.replyBox(t.id));
    if (this.mayResolve()) {
      const resolve = h(
        'button',
        { class: 'link comment-resolve', type: 'button' },
        t.resolved ? 'Reopen' : 'Resolve',
      );
      resolve.addEventListener('click', () =>
        this.actions.comment(
          t.resolved ? { action: 'reopen', thread: t.id } : { action: 'resolve', thread: t.id },
        ),
      );
      card.append(resolve);
    }
    card.addEventListener('mouseenter', () => this.focusRange(t));
    return card;
  }

  private entry(c: CommentView): HTMLElement {
    const body = h('p', { class: 'comment-text' });
    body.textContent = c.deleted ? 'Comment deleted' : c.text; // plain text, never HTML
    const meta = h('div', { class: 'comment-meta' });
    meta.textContent = `${c.author} · ${relativeTime(c.edited ?? c.created)}${c.edited && !c.deleted ? ' (edited)' : ''}`;
    const el = h(
      'div',
      { class: `comment-entry${c.deleted ? ' deleted' : ''}`, 'data-id': String(c.id) },
      meta,
      body,
    );
    if (c.owner === this.you && !c.deleted && this.mayComment()) {
      const edit = h('button', { class: 'link comment-edit', type: 'button' }, 'Edit');
      edit.addEventListener('click', () => {
        const text = window.prompt('Edit comment', c.text);
        if (text !== null && text.trim() !== '')
          this.actions.comment({ action: 'edit', id: c.id, text });
      });
      const del = h('button', { class: 'link comment-delete', type: 'button' }, 'Delete');
      del.addEventListener('click', () => this.actions.comment({ action: 'delete', id: c.id }));
      el.append(edit, del);
    }
    return el;
  }

  private replyBox(thread: number): HTMLElement {
    const key = `reply-${thread}`;
    const box = h('input', {
      class: 'comment-reply',
      type: 'text',
      placeholder: 'Reply…',
      'aria-label': 'Reply',
      'data-key': key,
    });
    box.value = this.drafts.get(key) ?? '';
    box.addEventListener('input', () => this.drafts.set(key, box.value));
    box.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || box.value.trim() === '') return;
      this.actions.comment({ action: 'reply', thread, text: box.value });
      this.drafts.delete(key);
      box.value = '';
    });
    return box;
  }

  private focusRange(t: CommentView): void {
    const marked = this.view.dom.querySelectorAll(`.comment-mark[data-thread="${t.id}"]`);
    this.view.dom
      .querySelectorAll('.comment-mark.active')
      .forEach((m) => m.classList.remove('active'));
    marked.forEach((m) => m.classList.add('active'));
  }
}
