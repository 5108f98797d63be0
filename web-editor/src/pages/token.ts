import type { StorageLike } from 'quire-client';
import type { Api } from './api';

/**
 * The token the page uses to prove who it is, with authentication on.
 *
 * Where it comes from: the link, as a fragment — `https://host/d/notes#token=<jwt>`. A fragment is
 * never sent to the server, so the token is in no access log and in no `Referer`. The page takes
 * it out of the fragment at start, keeps it in `sessionStorage` (this tab only; it survives a
 * reload, and goes away with the tab) and removes it from the visible URL with
 * `history.replaceState`, so it is not copied along with the address or left in the tab's history.
 * A newer link opened in the same tab replaces it.
 *
 * Where it goes: `Authorization: Bearer <jwt>` on every REST call (`api.ts`) and the subprotocol
 * `quire.bearer.<jwt>` on the WebSocket (`protocol/messages.ts`).
 *
 * The page reads the token's `exp` and `name` claims only to word its messages ("this link has
 * expired", the name on the avatar); it verifies nothing — the server does.
 */

/** The sessionStorage key of this tab's token. */
export const TOKEN_KEY = 'quire.token';

/** What the address bar and tab history look like to this module (tests pass fakes). */
export interface LocationLike {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

export interface HistoryLike {
  replaceState(data: unknown, unused: string, url: string): void;
}

/** The page's token: from this link, from earlier in this tab, none, or a link that is damaged. */
export type LinkToken =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed' };

/** Three base64url parts separated by dots: what a JWS compact serialization looks like. */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Takes `#token=…` out of the URL (keeping any other fragment parameters), stores it for the tab
 * and returns it; without one in the link, the tab's stored token. A token that is not a JWT is
 * neither stored nor sent (a WebSocket subprotocol could not even carry every character).
 */
export function takeToken(
  location: LocationLike,
  history: HistoryLike,
  storage: StorageLike,
): LinkToken {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromLink = params.get('token');
  if (fromLink !== null) {
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
    if (!JWT.test(fromLink)) return { kind: 'malformed' };
    storage.setItem(TOKEN_KEY, fromLink);
    return { kind: 'token', token: fromLink };
  }
  const kept = storage.getItem(TOKEN_KEY);
  return kept !== null && JWT.test(kept) ? { kind: 'token', token: kept } : { kind: 'none' };
}

/** Forgets this tab's token ("use another link"). */
export function forgetToken(storage: StorageLike): void {
  storage.removeItem(TOKEN_KEY);
}

/** The claims the page words its messages with; unverified. */
export interface TokenClaims {
  /** Expiry, in milliseconds since the epoch. */
  readonly expires?: number;
  readonly name?: string;
}

/** Reads a JWT's payload without checking it; `{}` when it cannot be read. */
export function readClaims(token: string): TokenClaims {
  try {
    const payload = token.split('.')[1] ?? '';
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as { exp?: unknown; name?: unknown };
    return {
      ...(typeof claims.exp === 'number' ? { expires: claims.exp * 1000 } : {}),
      ...(typeof claims.name === 'string' && claims.name.trim() !== ''
        ? { name: claims.name.trim().slice(0, 64) }
        : {}),
    };
  } catch {
    return {};
  }
}

/** The page's access: the token from the link (if any), the REST client carrying it, storage. */
export interface PageAuth {
  readonly link: LinkToken;
  readonly api: Api;
  readonly storage: StorageLike;
}
