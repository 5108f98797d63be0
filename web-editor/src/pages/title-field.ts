import { ApiError, type Api } from './api';
import { h, toast } from './dom';

/**
 * The document's title in the editor header: shows the title (or the id while there is none),
 * and is edited in place by anyone who may write. A change is stored with
 * `PUT /api/docs/{id}/title` and reaches every editor as a `title` message, which
 * {@link TitleField.remote} shows unless the user is typing a title of their own.
 */
export class TitleField {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private title = '';
  private editable = true;

  constructor(
    private readonly api: Api,
    private readonly docId: string,
    badges: readonly (HTMLElement | null)[],
  ) {
    this.input = h('input', {
      class: 'doc-title-input',
      id: 'doc-title-input',
      type: 'text',
      value: '',
      placeholder: docId,
      maxlength: 200,
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-label': 'Document title',
      title: `Title of ${docId} (press Enter to save)`,
    });
    this.element = h(
      'h1',
      { class: 'doc-title', id: 'doc-title', title: docId },
      this.input,
      ...badges,
    );
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.input.blur();
      } else if (e.key === 'Escape') {
        this.input.value = this.title;
        this.input.blur();
      }
    });
    this.input.addEventListener('blur', () => void this.save());
    this.fit();
    this.input.addEventListener('input', () => this.fit());
  }

  /** Reads the stored title (a document not stored yet has none). */
  load(): void {
    this.api
      .getTitle(this.docId)
      .then((t) => this.show(t.title))
      .catch(() => this.show(''));
  }

  /** A title change from the server (anyone's, ours included). */
  remote(title: string): void {
    this.show(title);
  }

  /** Readers see the title but cannot change it. */
  setEditable(editable: boolean): void {
    this.editable = editable;
    this.input.readOnly = !editable;
  }

  /** The title, or `''` when none. */
  get value(): string {
    return this.title;
  }

  private show(title: string): void {
    this.title = title;
    if (document.activeElement !== this.input) this.input.value = title;
    document.title = `${title || this.docId} — Quire`;
    this.fit();
  }

  private async save(): Promise<void> {
    const wanted = this.input.value.trim();
    if (!this.editable || wanted === this.title) {
      this.input.value = this.title;
      return;
    }
    try {
      const saved = await this.api.setTitle(this.docId, wanted);
      this.show(saved.title);
      toast(saved.title ? `Renamed to “${saved.title}”.` : 'Title removed.');
    } catch (e) {
      this.input.value = this.title;
      toast(
        `Could not rename: ${e instanceof ApiError || e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  /** The input is as wide as its text, so the header keeps its room for the other controls. */
  private fit(): void {
    const chars = Math.max(this.input.value.length, this.input.placeholder.length, 4);
    this.input.style.width = `${Math.min(chars + 2, 40)}ch`;
  }
}
