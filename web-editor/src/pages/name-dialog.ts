import { h } from './dom';
import { saveName } from './prefs';

/** Asks for the display name once; it is remembered in this browser. */
export function askName(root: HTMLElement, current: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const input = h('input', {
      id: 'name-input',
      type: 'text',
      maxlength: 64,
      autocomplete: 'nickname',
      required: true,
      value: current ?? '',
    });
    const dialog = h(
      'dialog',
      { class: 'name-dialog', id: 'name-dialog', 'aria-labelledby': 'name-title' },
      h(
        'form',
        { method: 'dialog' },
        h(
          'h2',
          { id: 'name-title' },
          current ? 'Change your name' : 'What should others call you?',
        ),
        h(
          'p',
          { class: 'muted' },
          'Your name is shown next to your cursor. It is remembered in this browser.',
        ),
        h('label', { for: 'name-input' }, 'Display name'),
        input,
        h(
          'div',
          { class: 'dialog-actions' },
          h('button', { class: 'btn primary', type: 'submit', id: 'name-ok' }, 'Continue'),
        ),
      ),
    );
    root.append(dialog);
    dialog.addEventListener('cancel', (e) => e.preventDefault());
    dialog.addEventListener('close', () => {
      const n = input.value.trim() || 'Anonymous';
      saveName(n);
      dialog.remove();
      resolve(n);
    });
    dialog.showModal();
    input.focus();
  });
}
