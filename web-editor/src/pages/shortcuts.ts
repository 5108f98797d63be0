import { h } from './dom';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';
const alt = isMac ? '⌥' : 'Alt';

/** What the keys do in this editor (CodeMirror's default, history and search keymaps + Quire's). */
const SHORTCUTS: readonly (readonly [string, readonly string[]])[] = [
  ['Undo your last edit', [`${mod}+Z`]],
  ['Redo', [`${mod}+Shift+Z`, `${mod}+Y`]],
  ['Find and replace', [`${mod}+F`]],
  ['Next / previous match', ['F3', 'Shift+F3']],
  ['Go to line', [`${mod}+${alt}+G`]],
  ['Select the next occurrence', [`${mod}+D`]],
  ['Move the line up / down', [`${alt}+↑`, `${alt}+↓`]],
  ['Copy the line up / down', [`Shift+${alt}+↑`, `Shift+${alt}+↓`]],
  ['Delete the line', [`${mod}+Shift+K`]],
  ['Indent / outdent', [`${mod}+]`, `${mod}+[`]],
  ['Select all', [`${mod}+A`]],
  ['Leave the text (to the buttons)', ['Esc', 'then Tab']],
  ['This list of shortcuts', ['?', `${mod}+?`]],
];

/**
 * The keyboard-shortcut sheet: `?` anywhere outside the text (and `Ctrl+?` / `⌘+?` inside it,
 * where `?` types a question mark), or "Keyboard shortcuts" in the menu. A modal `<dialog>`:
 * Escape closes it and focus returns where it was.
 */
export function showShortcuts(root: HTMLElement): void {
  if (document.getElementById('shortcuts') !== null) return;
  const close = h('button', { class: 'btn', type: 'submit', id: 'shortcuts-close' }, 'Close');
  const dialog = h(
    'dialog',
    { class: 'name-dialog shortcuts', id: 'shortcuts', 'aria-labelledby': 'shortcuts-title' },
    h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'shortcuts-title' }, 'Keyboard shortcuts'),
      h(
        'table',
        { class: 'shortcut-table' },
        h(
          'tbody',
          {},
          ...SHORTCUTS.map(([what, keys]) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, what),
              h('td', {}, ...keys.flatMap((k, i) => [i > 0 ? ' or ' : null, h('kbd', {}, k)])),
            ),
          ),
        ),
      ),
      h('div', { class: 'dialog-actions' }, close),
    ),
  );
  root.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
  close.focus();
}

/** `?` outside any text field opens the sheet. */
export function listenForQuestionMark(root: HTMLElement): void {
  document.addEventListener('keydown', (e) => {
    if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (t?.closest('input, textarea, select, [contenteditable="true"], dialog') != null) return;
    e.preventDefault();
    showShortcuts(root);
  });
}
