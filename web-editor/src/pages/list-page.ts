import { ApiError, DOC_ID, type Api, type DocSummary } from './api';
import { h, relativeTime } from './dom';
import { docMeta } from './format';
import { themeToggle } from './theme';
import { loadRecent } from './prefs';
import { renderSignIn, signInReason } from './sign-in';
import type { PageAuth } from './token';

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
    placeholder: 'e.g. meeting-notes.md',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: 128,
    'aria-describedby': 'new-doc-hint',
  });
  const hint = h(
    'p',
    { id: 'new-doc-hint', class: 'hint' },
    'Letters, digits, "-", "_" and "." — names ending in .md get Markdown highlighting.',
  );
  const form = h(
    'form',
    { class: 'create', 'aria-label': 'Create or open a document' },
    h('label', { for: 'new-doc-name', class: 'visually-hidden' }, 'Document name'),
    input,
    h('button', { type: 'submit', class: 'btn primary', id: 'create-doc' }, 'Create or open'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = input.value.trim() || suggestedName();
    if (!DOC_ID.test(id)) {
      hint.textContent = `"${id}" is not a valid name: use 1–128 letters, digits, "-", "_" or ".".`;
      hint.classList.add('error');
      input.focus();
      return;
    }
    location.assign(`/d/${encodeURIComponent(id)}`);
  });

  const listHost = h(
    'section',
    { class: 'card', 'aria-labelledby': 'all-docs' },
    h('h2', { id: 'all-docs' }, 'All documents'),
    h('p', { class: 'muted' }, 'Loading…'),
  );
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

  auth.api
    .listDocs()
    .then(({ docs, next }) => {
      if (docs.length === 0) {
        listHost.replaceChildren(h('h2', { id: 'all-docs' }, 'All documents'), emptyState());
        return;
      }
      const list = docTable(docs);
      listHost.replaceChildren(h('h2', { id: 'all-docs' }, 'All documents'), list);
      appendMore(auth.api, listHost, list, next);
    })
    .catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 401) {
        const reason = signInReason('unauthorized', auth.link, Date.now());
        renderSignIn(root, { reason, token: auth.link, storage: auth.storage });
        return;
      }
      listHost.replaceChildren(
        h('h2', { id: 'all-docs' }, 'All documents'),
        h(
          'p',
          { class: 'error' },
          `Could not load the list of documents (${e instanceof Error ? e.message : String(e)}). Is the server running?`,
        ),
      );
    });
}

/** A "Show more" button while the server says there is a next page. */
function appendMore(
  api: Api,
  host: HTMLElement,
  list: HTMLElement,
  next: string | null | undefined,
): void {
  if (!next) return;
  const more = h('button', { class: 'btn more', type: 'button', id: 'more-docs' }, 'Show more');
  more.addEventListener('click', () => {
    more.disabled = true;
    api
      .listDocs(next)
      .then((page) => {
        more.remove();
        list.append(...docTable(page.docs).children);
        appendMore(api, host, list, page.next);
      })
      .catch(() => {
        more.disabled = false;
        more.textContent = 'Could not load more — try again';
      });
  });
  host.append(more);
}

function emptyState(): HTMLElement {
  return h(
    'div',
    { class: 'empty', id: 'empty-state' },
    h('p', { class: 'empty-title' }, 'No documents yet'),
    h(
      'p',
      { class: 'muted' },
      'Type a name above and press Enter to create your first document. Then copy its link and open it in another window — or send it to a colleague — to edit together.',
    ),
  );
}

function docTable(docs: DocSummary[]): HTMLElement {
  return h(
    'ul',
    { class: 'doc-list', id: 'doc-list' },
    ...docs.map((d) =>
      h(
        'li',
        {},
        h(
          'a',
          { href: `/d/${encodeURIComponent(d.id)}`, class: 'doc-link' },
          h(
            'span',
            { class: 'doc-icon', 'aria-hidden': 'true' },
            d.id.endsWith('.md') ? 'MD' : 'TXT',
          ),
          h('span', { class: 'doc-name' }, d.id),
          h('span', { class: 'doc-meta' }, docMeta(d.length, d.version, relativeTime(d.updated))),
        ),
      ),
    ),
  );
}

function suggestedName(): string {
  const d = new Date();
  return `notes-${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
