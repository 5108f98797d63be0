import type { StorageLike } from 'quire-client';
import { h } from './dom';
import { readClaims, TOKEN_KEY, type LinkToken } from './token';

/**
 * The sign-in page: shown instead of the editor or the list when the server refuses us, so the
 * user reads what happened and what to do — never a broken editor that spins on "Connecting…".
 *
 * - `missing`: authentication is on and this tab has no token;
 * - `expired`: the token's `exp` has passed;
 * - `invalid`: the server refused a token that has not expired (forged, damaged, another server's);
 * - `forbidden`: the token is good but grants nothing on this document.
 */
export type SignInReason = 'missing' | 'expired' | 'invalid' | 'forbidden';

/** Which page to show for the server's answer (`unauthorized` = 401 / 4401, `forbidden` = 403). */
export function signInReason(
  code: 'unauthorized' | 'forbidden',
  token: LinkToken,
  now: number,
): SignInReason {
  if (code === 'forbidden') return 'forbidden';
  if (token.kind === 'none') return 'missing';
  if (token.kind === 'malformed') return 'invalid';
  const expires = readClaims(token.token).expires;
  return expires !== undefined && expires <= now ? 'expired' : 'invalid';
}

/** The words of the page: a title, what happened, and what to do. */
export interface SignInText {
  readonly title: string;
  readonly happened: string;
  readonly todo: string;
}

export function signInText(
  reason: SignInReason,
  docId: string | undefined,
  token: LinkToken,
): SignInText {
  const doc = docId === undefined ? 'this server' : `“${docId}”`;
  switch (reason) {
    case 'missing':
      return {
        title: "You need a link to open this server's documents",
        happened:
          'This Quire server shows documents only to people who open them with a link that carries their access.',
        todo: 'Open the link you were sent (it ends in “#token=…”). If you have none, ask the person who shares the document or runs this server for one.',
      };
    case 'expired': {
      const expires = token.kind === 'token' ? readClaims(token.token).expires : undefined;
      const when = expires === undefined ? '' : ` on ${new Date(expires).toLocaleString()}`;
      return {
        title: 'This link has expired',
        happened: `The link you opened gave access to ${doc} until a set time; it ended${when}.`,
        todo: 'Ask the person who sent it for a new link, then open the new link (or paste it below).',
      };
    }
    case 'invalid':
      return {
        title: 'This link does not work here',
        happened: `The server did not accept the access in the link you opened for ${doc}: it may have been copied only in part, changed, or made for another server.`,
        todo: 'Open the link again exactly as you got it, or ask for a new one.',
      };
    case 'forbidden':
      return {
        title: "You don't have access to this document",
        happened: `Your link is valid, but it does not include ${doc}.`,
        todo: 'Ask the person who shares it for a link to it. The documents your link does include are listed under “All documents”.',
      };
  }
}

/**
 * The token in a link pasted by the user, when the link is to this server (`origin`); else
 * undefined. Links elsewhere are not followed.
 */
export function tokenFromPastedLink(text: string, origin: string): string | undefined {
  try {
    const url = new URL(text.trim());
    if (url.origin !== origin) return undefined;
    const token = new URLSearchParams(url.hash.replace(/^#/, '')).get('token');
    return token !== null && token !== '' ? token : undefined;
  } catch {
    return undefined;
  }
}

export interface SignInOptions {
  readonly reason: SignInReason;
  readonly docId?: string;
  readonly token: LinkToken;
  /** Unsent edits kept in this browser when the access ended while editing. */
  readonly keptEdits?: number;
  readonly storage: StorageLike;
}

/** Replaces the page with the sign-in page. */
export function renderSignIn(root: HTMLElement, options: SignInOptions): void {
  const { reason, docId } = options;
  const text = signInText(reason, docId, options.token);
  document.title = `${text.title} — Quire`;
  const input = h('input', {
    id: 'sign-in-link',
    type: 'url',
    placeholder: `${location.origin}/d/…#token=…`,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'sign-in-hint',
  });
  const hint = h('p', { id: 'sign-in-hint', class: 'hint' }, 'Paste a link to this server.');
  const form = h(
    'form',
    { class: 'create', 'aria-label': 'Open a new link' },
    h('label', { for: 'sign-in-link', class: 'visually-hidden' }, 'New link'),
    input,
    h('button', { type: 'submit', class: 'btn primary' }, 'Open'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = tokenFromPastedLink(input.value, location.origin);
    if (token === undefined) {
      hint.textContent = `That is not a link to this server with access in it (${location.origin}/…#token=…).`;
      hint.classList.add('error');
      input.focus();
      return;
    }
    const url = new URL(input.value.trim());
    options.storage.setItem(TOKEN_KEY, token);
    location.assign(url.pathname + url.search);
  });
  const kept =
    options.keptEdits !== undefined && options.keptEdits > 0
      ? h(
          'p',
          { class: 'notice', id: 'sign-in-kept' },
          `Your last ${options.keptEdits === 1 ? 'edit' : `${options.keptEdits} edits`} did not reach the server. ${options.keptEdits === 1 ? 'It is' : 'They are'} kept in this browser and offered back when you open the document again with a link that works.`,
        )
      : null;
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
    ),
    h(
      'main',
      { class: 'home sign-in', id: 'sign-in', 'data-reason': reason },
      h(
        'section',
        { class: 'hero' },
        h('h1', { id: 'sign-in-title' }, text.title),
        h('p', { class: 'lead', id: 'sign-in-happened' }, text.happened),
        kept,
        h('h2', {}, 'What to do'),
        h('p', { id: 'sign-in-todo' }, text.todo),
        reason === 'forbidden' ? null : form,
        reason === 'forbidden' ? null : hint,
        reason === 'forbidden' ? h('a', { class: 'btn', href: '/' }, 'All documents') : null,
      ),
    ),
  );
  (reason === 'forbidden' ? root.querySelector<HTMLElement>('a.btn') : input)?.focus();
}
