import type { Access, Component } from 'quire-client';

/** REST client for the server's JSON API (see docs/protocol.md). */

export interface DocSummary {
  readonly id: string;
  readonly version: number;
  readonly length: number;
  readonly updated?: string;
  /** The title people gave it; `''` (or absent, from an older server) when none. */
  readonly title?: string;
}

/** A version someone named (`GET /api/docs/{id}/named-versions`). */
export interface NamedVersion {
  readonly version: number;
  readonly name: string;
  readonly time: string;
}

export interface DocVersion {
  readonly id: string;
  readonly version: number;
  readonly content: string;
}

/** One span of `GET /api/docs/{id}/authorship`: `author` `""` and no `time` for unknown text. */
export interface AuthorSpan {
  from: number;
  to: number;
  author: string;
  time?: string;
}

export interface Authorship {
  id: string;
  version: number;
  spans: AuthorSpan[];
}

export interface LoggedOp {
  readonly version: number;
  readonly op: Component[];
  readonly author?: string;
  readonly clientId?: string;
  readonly time?: string;
}

/** An error answer from the API, with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A share link made by `POST /api/docs/{id}/share`. */
export interface ShareLink {
  readonly url: string;
  readonly token: string;
  readonly role: 'read' | 'write';
  readonly expires: string;
}

/** How the page calls the network (tests pass a fake). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * The REST client. With a token (authentication on), every call carries
 * `Authorization: Bearer <token>`; without one, none (the server then has authentication off, or
 * answers 401 and the page shows the sign-in page).
 */
export class Api {
  constructor(
    readonly token: string | undefined,
    private readonly fetchFn: FetchLike = (input, init) => fetch(input, init),
  ) {}

  /** One page of documents, most recently updated first; `next` is the cursor of the next page. */
  listDocs(
    after?: string,
    limit = 50,
    q = '',
  ): Promise<{ docs: DocSummary[]; next?: string | null }> {
    const cursor = after ? `&after=${encodeURIComponent(after)}` : '';
    const search = q.trim() ? `&q=${encodeURIComponent(q.trim())}` : '';
    return this.json('GET', `/api/docs?limit=${limit}${cursor}${search}`);
  }

  getTitle(id: string): Promise<{ id: string; title: string }> {
    return this.json('GET', `/api/docs/${encodeURIComponent(id)}/title`);
  }

  /** Sets the title (stores the document if it is not stored yet); editors see it live. */
  setTitle(id: string, title: string): Promise<{ id: string; title: string }> {
    return this.json('PUT', `/api/docs/${encodeURIComponent(id)}/title`, { title });
  }

  /** Deletes the document and its history (needs `admin`). */
  async deleteDoc(id: string): Promise<void> {
    await this.json('DELETE', `/api/docs/${encodeURIComponent(id)}`);
  }

  namedVersions(id: string): Promise<{ id: string; namedVersions: NamedVersion[] }> {
    return this.json('GET', `/api/docs/${encodeURIComponent(id)}/named-versions`);
  }

  /** Names `version` (an empty name removes its name). */
  nameVersion(
    id: string,
    version: number,
    name: string,
  ): Promise<{ version: number; name: string }> {
    return this.json('POST', `/api/docs/${encodeURIComponent(id)}/named-versions`, {
      version,
      name,
    });
  }

  getDoc(id: string, version?: number): Promise<DocVersion> {
    const q = version === undefined ? '' : `?version=${version}`;
    return this.json('GET', `/api/docs/${encodeURIComponent(id)}${q}`);
  }

  /** Who inserted each span of the text at `version` (the current one by default; issue 17). */
  getAuthorship(id: string, version?: number): Promise<Authorship> {
    const q = version === undefined ? '' : `?version=${version}`;
    return this.json('GET', `/api/docs/${encodeURIComponent(id)}/authorship${q}`);
  }

  /** The op log for produced versions `from` (inclusive) to `to` (exclusive). */
  getOps(id: string, from: number, to: number): Promise<{ id: string; ops: LoggedOp[] }> {
    return this.json('GET', `/api/docs/${encodeURIComponent(id)}/ops?from=${from}&to=${to}`);
  }

  /**
   * A link that grants `role` on one document until `expiresIn` (`ms|s|m|h`, e.g. `24h`) from
   * now. Needs `admin`; a server with authentication off answers 409 (every link is admin).
   */
  share(id: string, role: 'read' | 'write', expiresIn: string): Promise<ShareLink> {
    return this.json('POST', `/api/docs/${encodeURIComponent(id)}/share`, { role, expiresIn });
  }

  /**
   * Whether we may read `id`, asked with an empty range of its op log (cheap whatever the size
   * of the document). Anything but 401 and 403 is `ok` here: a missing document is created by
   * the editor, and other errors show in the editor. Rejects when the server cannot be reached.
   */
  async checkAccess(id: string): Promise<Access> {
    try {
      await this.getOps(id, 1, 1);
      return 'ok';
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return e.status === 401 ? 'unauthorized' : e.status === 403 ? 'forbidden' : 'ok';
    }
  }

  private async json<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token !== undefined) headers['authorization'] = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.fetchFn(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // A delete sent as the page goes away (the end of an undo) must still arrive.
      ...(method === 'DELETE' ? { keepalive: true } : {}),
    });
    if (!res.ok) {
      let code = 'http-' + res.status;
      let message = res.statusText;
      try {
        const answer = (await res.json()) as { code?: string; message?: string };
        code = answer.code ?? code;
        message = answer.message ?? message;
      } catch {
        // not JSON
      }
      throw new ApiError(code, message, res.status);
    }
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
}

/**
 * A document id made from a title: "Meeting notes" → `meeting-notes` (lower case, accents
 * dropped, every run of other characters one '-'); `''` when nothing is left.
 */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 128)
    .replace(/-+$/, '');
}

/** Document ids: 1–128 letters, digits, '-', '_' and '.'. */
export const DOC_ID = /^[A-Za-z0-9._-]{1,128}$/;
