// Writing answers: JSON bodies, Status errors and Warning headers, the way kube-apiserver frames them.
import type { ServerResponse } from 'node:http';
import { internalError, isStatusError, type Status } from '../apimachinery/status.js';

export interface Answer {
  status: number;
  body: unknown;
  contentType?: string;
  headers?: Record<string, string | string[]>;
  /** `body` is already serialised JSON. */
  raw?: boolean;
}

export function warningHeaders(warnings: string[] | undefined): Record<string, string[]> {
  if (!warnings || warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}

export function errorAnswer(err: unknown, log: (err: unknown) => void): Answer {
  if (isStatusError(err)) {
    return { status: err.status.code, body: err.status, headers: err.headers };
  }
  log(err);
  const s: Status = internalError(err).status;
  return { status: 500, body: s };
}

export function writeAnswer(res: ServerResponse, a: Answer, head = false): void {
  const body = Buffer.isBuffer(a.body)
    ? a.body
    : typeof a.body === 'string' && (a.raw || (a.contentType && !a.contentType.startsWith('application/json')))
      ? a.body
      : JSON.stringify(a.body);
  const headers: Record<string, string | string[] | number> = {
    'Content-Type': a.contentType ?? 'application/json',
    'Cache-Control': 'no-cache, private',
    ...(a.headers ?? {}),
    'Content-Length': Buffer.byteLength(body),
  };
  res.writeHead(a.status, headers);
  res.end(head ? undefined : body);
}
