import { h } from './dom';

/**
 * Asks for a new display name; it is remembered in this browser. Resolves to undefined when the
 * person cancels (Escape or Cancel): the name stays as it was.
 */
export function askName(root: HTMLElement, current: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const input = h('input', {
      id: 'name-input',
      type: 'text',
      maxlength: 64,
      autocomplete: 'nickname',
      required: true,
      value: current,
    });
    const cancel = h('button', { class: 'btn', type: 'button', id: 'name-cancel' }, 'Cancel');
    const dialog = h(
      'dialog',
      { class: 'name-dialog', id: 'name-dialog', 'aria-labelledby': 'name-title' },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: 'name-title' }, 'Change your name'),
        h(
          'p',
          { class: 'muted' },
          'Your name is shown to the others next to your cursor, at once. It is remembered in this browser.',
        ),
        h('label', { for: 'name-input' }, 'Display name'),
        input,
        h(
          'div',
          { class: 'dialog-actions' },
          cancel,
          h('button', { class: 'btn primary', type: 'submit', id: 'name-ok' }, 'Save'),
        ),
      ),
    );
    root.append(dialog);
    let cancelled = false;
    cancel.addEventListener('click', () => {
      cancelled = true;
      dialog.close();
    });
    dialog.addEventListener('cancel', () => (cancelled = true)); // Escape
    dialog.addEventListener('close', () => {
      const n = input.value.trim();
      dialog.remove();
      resolve(cancelled || n === '' ? undefined : n);
    });
    dialog.showModal();
    input.focus();
  });
}
