import { ApiError, DOC_ID, slugify, type Api } from './api';
import { DocList } from './doc-list';
import { h, relativeTime } from './dom';
import { themeToggle } from './theme';
import { loadRecent } from './prefs';
import { renderSignIn, signInReason } from './sign-in';
import type { PageAuth } from './token';

const HINT =
  'Type a title, or a name such as notes.md (names ending in .md get Markdown highlighting).';

/** `/`: create a document by name, open an existing one, see recently opened ones. */
export function renderListPage(root: HTMLElement, auth: PageAuth): void {
  if (auth.link.kind === 'malformed') {
    renderSignIn(root, { reason: 'invalid', token: auth.link, storage: auth.storage });
    return;
  }
  document.title = 'Quire — documents';
  const input = h('input', {
    id: 'new-doc-name',
    type: 'text',
    placeholder: 'e.g. Meeting notes',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: 200,
    'aria-describedby': 'new-doc-hint',
  });
  const hint = h('p', { id: 'new-doc-hint', class: 'hint' }, HINT);
  const form = h(
    'form',
    { class: 'create', 'aria-label': 'Create or open a document' },
    h('label', { for: 'new-doc-name', class: 'visually-hidden' }, 'Document title or name'),
    input,
    h('button', { type: 'submit', class: 'btn primary', id: 'create-doc' }, 'Create or open'),
  );
  input.addEventListener('input', () => {
    const typed = input.value.trim();
    hint.classList.remove('error');
    hint.textContent =
      typed && !DOC_ID.test(typed) && slugify(typed)
        ? `Its link will be /d/${slugify(typed)}; the title stays “${typed}”.`
        : HINT;
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const typed = input.value.trim() || suggestedName();
    createOrOpen(auth.api, typed)
      .then((id) => location.assign(`/d/${encodeURIComponent(id)}`))
      .catch((err: unknown) => {
        hint.textContent = err instanceof Error ? err.message : String(err);
        hint.classList.add('error');
        input.focus();
      });
  });

  const docs = new DocList(auth.api, () => {
    const reason = signInReason('unauthorized', auth.link, Date.now());
    renderSignIn(root, { reason, token: auth.link, storage: auth.storage });
  });
  const listHost = docs.element;
  const recent = loadRecent();
  const recentHost =
    recent.length === 0
      ? null
      : h(
          'section',
          { class: 'card', 'aria-labelledby': 'recent-docs' },
          h('h2', { id: 'recent-docs' }, 'Recently opened here'),
          h(
            'ul',
            { class: 'chips' },
            ...recent.map((r) =>
              h(
                'li',
                {},
                h(
                  'a',
                  {
                    class: 'chip',
                    href: `/d/${encodeURIComponent(r.id)}`,
                    title: `opened ${relativeTime(r.opened)}`,
                  },
                  r.id,
                ),
              ),
            ),
          ),
        );

  root.replaceChildren(
    h(
      'header',
      { class: 'topbar' },
      h(
        'a',
        { class: 'brand', href: '/' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }, 'Q'),
        'Quire',
      ),
      themeToggle(),
    ),
    h(
      'main',
      { class: 'home' },
      h(
        'section',
        { class: 'hero' },
        h('h1', {}, 'Write together, in real time.'),
        h(
          'p',
          { class: 'lead' },
          'Create a document, share its link, and see everyone’s cursor as they type. Works offline too — edits are sent when you are back.',
        ),
        form,
        hint,
      ),
      recentHost,
      listHost,
    ),
  );
  input.focus();

  docs.load();
}

/**
 * What "Create or open" does with what was typed: a valid id opens that document; anything
 * else is a title, turned into a free id (`Meeting notes` → `meeting-notes`, or
 * `meeting-notes-2` when taken) and stored with the new document.
 */
async function createOrOpen(api: Api, typed: string): Promise<string> {
  if (DOC_ID.test(typed)) return typed;
  const base = slugify(typed);
  if (!base) throw new Error(`"${typed}" has no letters or digits to make a name from.`);
  for (let n = 1; n <= 50; n++) {
    const id = n === 1 ? base : `${base.slice(0, 120)}-${n}`;
    try {
      await api.getTitle(id);
      continue; // taken
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
    }
    await api.setTitle(id, typed);
    return id;
  }
  throw new Error(`"${base}" and its numbered variants are all taken.`);
}

function suggestedName(): string {
  const d = new Date();
  return `notes-${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
