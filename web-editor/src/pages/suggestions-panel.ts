import {
  EditorSelection,
  EditorState,
  StateEffect,
  StateField,
  type Extension,
  type Transaction,
  type TransactionSpec,
} from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import type { Role, SuggestionAction, SuggestionView } from 'quire-client';
import { remoteChange } from 'quire-client/codemirror';
import { authorColor } from './author-colors';
import { h, relativeTime } from './dom';

/** What the panel asks of the connection. */
export interface SuggestionActions {
  suggest(start: number, end: number, text: string): void;
  decideSuggestion(action: Exclude<SuggestionAction, { action: 'suggest' }>): void;
  /** The presence colour of `name` while that person is here (see {@link authorColor}). */
  presentColor(name: string): string | undefined;
}

/** Why a `comment` role cannot turn suggest mode off (the toggle's title, read by screen readers). */
const SUGGEST_ONLY =
  'Always on: you may comment and suggest, not edit. A writer accepts or rejects your suggestions.';

/** The proposed text, inline after the text it replaces; `textContent` only, never HTML. */
class ProposedText extends WidgetType {
  constructor(
    readonly text: string,
    readonly color: string,
    readonly id: number,
  ) {
    super();
  }

  eq(other: ProposedText): boolean {
    return other.text === this.text && other.color === this.color && other.id === this.id;
  }

  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'cm-suggest-ins';
    span.dataset.suggestion = String(this.id);
    span.style.setProperty('--peer', this.color);
    span.textContent = this.text;
    return span;
  }
}

const setMarks = StateEffect.define<DecorationSet>();

const marks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setMarks)) return e.value;
    return value.map(tr.changes);
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * Suggest mode and the suggestions sidebar (issue 17). With "Suggest" on, the user's edits do not
 * change the text: a transaction filter turns each into a `suggest` (the server merges
 * consecutive keystrokes). Open suggestions are shown inline — the replaced text struck through,
 * the proposed text after it in the author's colour — and as cards with author, time, and (with
 * `write`) Accept and Reject, Accept all and Reject all. Every text is shown with `textContent`.
 *
 * The `comment` role may suggest but not edit: for it suggest mode is always on (the toggle shows
 * pressed, `aria-disabled`, and says why), and undo and redo, which have nothing of its own to
 * undo, never reach the text.
 */
export class SuggestionsPanel {
  readonly element = h('section', {
    class: 'suggestions',
    id: 'suggestions',
    'aria-label': 'Suggestions',
  });
  private readonly toggle = h(
    'button',
    { class: 'btn', type: 'button', id: 'suggest-toggle', 'aria-pressed': 'false' },
    'Suggest',
  );
  private readonly acceptAll = h(
    'button',
    { class: 'btn', type: 'button', id: 'suggest-accept-all' },
    'Accept all',
  );
  private readonly rejectAll = h(
    'button',
    { class: 'btn', type: 'button', id: 'suggest-reject-all' },
    'Reject all',
  );
  private readonly list = h('ul', { class: 'suggestion-list', id: 'suggestion-list' });
  private on = false;
  /** Suggest mode is on because the role allows nothing else (`comment`). */
  private forced = false;
  private role: Role | undefined;
  private open: readonly SuggestionView[] = [];
  private view!: EditorView;

  constructor(private readonly actions: SuggestionActions) {
    this.toggle.addEventListener('click', () => {
      if (!this.forced) this.setOn(!this.on);
    });
    this.acceptAll.addEventListener('click', () =>
      this.actions.decideSuggestion({ action: 'accept-all' }),
    );
    this.rejectAll.addEventListener('click', () =>
      this.actions.decideSuggestion({ action: 'reject-all' }),
    );
    this.element.append(
      h('div', { class: 'suggestion-bar' }, this.toggle, this.acceptAll, this.rejectAll),
      this.list,
    );
    this.render();
  }

  attach(view: EditorView): void {
    this.view = view;
  }

  /** The editor extension: the inline marks, and the filter that turns edits into suggestions. */
  extension(): Extension {
    return [marks, EditorState.transactionFilter.of((tr) => this.filter(tr))];
  }

  setRole(role: Role): void {
    this.role = role;
    const forced = role === 'comment';
    if (forced !== this.forced) {
      this.forced = forced;
      // Writer again (a new token): back to editing, the toggle theirs.
      this.setOn(forced);
      if (forced) {
        this.toggle.setAttribute('aria-disabled', 'true');
        this.toggle.title = SUGGEST_ONLY;
      } else {
        this.toggle.removeAttribute('aria-disabled');
        this.toggle.removeAttribute('title');
      }
    }
    this.render();
  }

  private mayDecide(): boolean {
    return this.role === 'write' || this.role === 'admin';
  }

  private setOn(on: boolean): void {
    this.on = on;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.toggle.classList.toggle('active', on);
  }

  private filter(tr: Transaction): TransactionSpec | readonly TransactionSpec[] {
    if (!this.on || !tr.docChanged || tr.annotation(remoteChange) === true) return tr;
    if (tr.isUserEvent('undo') || tr.isUserEvent('redo')) return this.forced ? [] : tr;
    let cursor = tr.startState.selection.main.head;
    tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
      this.actions.suggest(fromA, toA, inserted.toString());
      // Typing goes on after the proposed text, a backspace before what it replaces: the next
      // keystroke touches this suggestion, so the server merges them.
      cursor = inserted.length > 0 ? toA : fromA;
    });
    return { selection: EditorSelection.cursor(cursor), scrollIntoView: true };
  }

  update(suggestions: readonly SuggestionView[]): void {
    const length = this.view.state.doc.length;
    this.open = suggestions
      .filter((s) => s.status === 'open')
      .sort((a, b) => a.range.start - b.range.start || a.id - b.id);
    const decorations = [];
    for (const s of this.open) {
      const from = Math.min(s.range.start, length);
      const to = Math.min(s.range.end, length);
      if (from < to) decorations.push(Decoration.mark({ class: 'cm-suggest-del' }).range(from, to));
      if (s.text !== '') {
        const widget = new ProposedText(s.text, this.colorOf(s.author), s.id);
        decorations.push(Decoration.widget({ widget, side: -1 }).range(to));
      }
    }
    this.view.dispatch({ effects: setMarks.of(Decoration.set(decorations, true)) });
    this.render();
  }

  private render(): void {
    const cards = this.open.map((s) => this.card(s));
    this.list.replaceChildren(...cards);
    const decide = this.mayDecide() && this.open.length > 0;
    this.acceptAll.hidden = !decide;
    this.rejectAll.hidden = !decide;
    this.toggle.hidden = this.role === undefined || this.role === 'read';
    this.element.classList.toggle('idle', this.open.length === 0);
  }

  /** The colour of `author`'s proposed text: their colour in the authorship view too. */
  private colorOf(author: string): string {
    return authorColor(author, (name) => this.actions.presentColor(name));
  }

  private card(s: SuggestionView): HTMLElement {
    const doc = this.view?.state.doc;
    const old = doc
      ? doc.sliceString(Math.min(s.range.start, doc.length), Math.min(s.range.end, doc.length))
      : '';
    const what = h('p', { class: 'suggestion-text' });
    if (old !== '') what.append(h('del', {}, old));
    if (old !== '' && s.text !== '') what.append(' → ');
    if (s.text !== '')
      what.append(h('ins', { style: `--peer: ${this.colorOf(s.author)}` }, s.text));
    if (old === '' && s.text === '')
      what.append(h('span', { class: 'comment-meta' }, 'On deleted text'));
    const item = h(
      'li',
      { class: 'suggestion', 'data-suggestion': String(s.id) },
      h('p', { class: 'comment-meta' }, `${s.author} · ${relativeTime(s.edited ?? s.created)}`),
      what,
    );
    if (this.mayDecide()) {
      const accept = h(
        'button',
        { class: 'btn', type: 'button', 'aria-label': `Accept suggestion by ${s.author}` },
        'Accept',
      );
      const reject = h(
        'button',
        { class: 'btn', type: 'button', 'aria-label': `Reject suggestion by ${s.author}` },
        'Reject',
      );
      accept.addEventListener('click', () =>
        this.actions.decideSuggestion({ action: 'accept', id: s.id }),
      );
      reject.addEventListener('click', () =>
        this.actions.decideSuggestion({ action: 'reject', id: s.id }),
      );
      item.append(h('div', { class: 'suggestion-actions' }, accept, reject));
    }
    return item;
  }
}
