import type { Component } from '../ot';

/** REST client for the server's JSON API (see docs/protocol.md). */

export interface DocSummary {
  readonly id: string;
  readonly version: number;
  readonly length: number;
  readonly updated?: string;
}

export interface DocVersion {
  readonly id: string;
  readonly version: number;
  readonly content: string;
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

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    let code = 'http-' + res.status;
    let message = res.statusText;
    try {
      const body = (await res.json()) as { code?: string; message?: string };
      code = body.code ?? code;
      message = body.message ?? message;
    } catch {
      // not JSON
    }
    throw new ApiError(code, message, res.status);
  }
  return (await res.json()) as T;
}

/** One page of documents, most recently updated first; `next` is the cursor of the next page. */
export function listDocs(
  after?: string,
  limit = 50,
): Promise<{ docs: DocSummary[]; next?: string | null }> {
  const cursor = after ? `&after=${encodeURIComponent(after)}` : '';
  return getJson(`/api/docs?limit=${limit}${cursor}`);
}

export function getDoc(id: string, version?: number): Promise<DocVersion> {
  const q = version === undefined ? '' : `?version=${version}`;
  return getJson(`/api/docs/${encodeURIComponent(id)}${q}`);
}

/** The op log for produced versions `from` (inclusive) to `to` (exclusive). */
export function getOps(
  id: string,
  from: number,
  to: number,
): Promise<{ id: string; ops: LoggedOp[] }> {
  return getJson(`/api/docs/${encodeURIComponent(id)}/ops?from=${from}&to=${to}`);
}

/** Document ids: 1–128 letters, digits, '-', '_' and '.'. */
export const DOC_ID = /^[A-Za-z0-9._-]{1,128}$/;
