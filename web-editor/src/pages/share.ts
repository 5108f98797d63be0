import { ApiError, type Api } from './api';
import { h, toast } from './dom';

/** Link lifetimes offered, in the server's duration syntax; the default is the first. */
export const SHARE_EXPIRIES: readonly { readonly value: string; readonly label: string }[] = [
  { value: '168h', label: '7 days' },
  { value: '24h', label: '1 day' },
  { value: '1h', label: '1 hour' },
  { value: '720h', label: '30 days' },
];

/**
 * The "Share" control, for an `admin` of a document on a server with authentication on: makes a
 * link that grants `read` or `write` on this one document until an expiry
 * (`POST /api/docs/{id}/share`) and shows it to copy. The server answers 409 when authentication
 * is off (every link already grants admin); the control then removes itself.
 */
export class ShareControl {
  readonly button: HTMLButtonElement;
  private readonly dialog: HTMLDialogElement;
  private readonly result: HTMLElement;

  constructor(
    private readonly api: Api,
    private readonly docId: string,
  ) {
    this.button = h(
      'button',
      {
        class: 'btn',
        type: 'button',
        id: 'share',
        hidden: true,
        title: 'Make a link that lets someone read or edit this document',
      },
      'Share',
    );
    this.result = h('div', { class: 'share-result', id: 'share-result', 'aria-live': 'polite' });
    const roleSelect = h(
      'select',
      { id: 'share-role' },
      h('option', { value: 'read' }, 'can read (read-only)'),
      h('option', { value: 'write' }, 'can edit'),
    );
    const expirySelect = h(
      'select',
      { id: 'share-expires' },
      ...SHARE_EXPIRIES.map((e) => h('option', { value: e.value }, e.label)),
    );
    const create = h(
      'button',
      { class: 'btn primary', type: 'button', id: 'share-create' },
      'Create link',
    );
    create.addEventListener(
      'click',
      () => void this.create(roleSelect.value as 'read' | 'write', expirySelect.value, create),
    );
    this.dialog = h(
      'dialog',
      { class: 'name-dialog share-dialog', id: 'share-dialog', 'aria-labelledby': 'share-title' },
      h('h2', { id: 'share-title' }, `Share “${docId}”`),
      h(
        'p',
        { class: 'muted' },
        'Anyone who has the link can open this document with the access you choose, until the link expires. Send it only to the people it is for.',
      ),
      h('label', { for: 'share-role' }, 'People with the link'),
      roleSelect,
      h('label', { for: 'share-expires' }, 'Link works for'),
      expirySelect,
      this.result,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { class: 'btn', type: 'button', onclick: () => this.dialog.close() }, 'Close'),
        create,
      ),
    );
    this.button.addEventListener('click', () => {
      this.result.replaceChildren();
      this.dialog.showModal();
      roleSelect.focus();
    });
  }

  /** Shows or hides the button for the role the server gave us. */
  show(visible: boolean): void {
    this.button.hidden = !visible;
    if (!visible && this.dialog.open) this.dialog.close();
  }

  /** The dialog, to put in the page once. */
  get element(): HTMLElement {
    return this.dialog;
  }

  private async create(
    role: 'read' | 'write',
    expiresIn: string,
    button: HTMLButtonElement,
  ): Promise<void> {
    button.disabled = true;
    try {
      const link = await this.api.share(this.docId, role, expiresIn);
      const field = h('input', {
        id: 'share-url',
        type: 'text',
        readonly: true,
        value: link.url,
        'aria-label': 'Share link',
      });
      const copy = h('button', { class: 'btn', type: 'button', id: 'share-copy' }, 'Copy');
      copy.addEventListener('click', () => {
        navigator.clipboard.writeText(link.url).then(
          () => toast('Link copied.'),
          () => {
            field.select();
            toast('Press Ctrl+C to copy the selected link.');
          },
        );
      });
      this.result.replaceChildren(
        h(
          'p',
          {},
          `A link for ${link.role === 'read' ? 'reading only' : 'editing'}, valid until ${new Date(link.expires).toLocaleString()}:`,
        ),
        h('div', { class: 'share-link' }, field, copy),
      );
      field.select();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        this.show(false);
        toast('This server has no sign-in: its plain links already let everyone edit.');
        return;
      }
      this.result.replaceChildren(
        h(
          'p',
          { class: 'error' },
          `Could not make a link: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
    } finally {
      button.disabled = false;
    }
  }
}
