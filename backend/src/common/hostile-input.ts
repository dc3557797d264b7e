import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from './domain-error';

/**
 * Limits for slow and hostile clients (docs/security.md, "Hostile clients"). Node's defaults let a client take
 * 60 s to send its headers, checked only every 30 s; a reverse proxy usually cuts slow clients earlier, these
 * hold without one.
 */
export const HTTP_LIMITS = {
  /** the whole request head (request line and headers) must arrive within this time */
  headersTimeoutMs: 20_000,
  /** the whole request, body included: 15 MB of evidence at 50 kB/s */
  requestTimeoutMs: 300_000,
  /** an idle kept-alive connection is closed after this (Node's default) */
  keepAliveTimeoutMs: 5_000,
  /** how often the two timeouts above are checked (Node's default: 30 s) */
  connectionsCheckingIntervalMs: 5_000,
  /** headers beyond this count are ignored (Node's default: 2,000); browsers send about 20 */
  maxHeadersCount: 100,
} as const;

/** Deepest JSON nesting accepted: the API's bodies nest 3 levels at most; class-transformer recurses on each. */
export const MAX_JSON_DEPTH = 32;

/** Applies HTTP_LIMITS to the server; before `listen` (the checking interval is read when the server starts listening). */
export function hardenHttpServer(server: Server, limits: Partial<Record<keyof typeof HTTP_LIMITS, number>> = {}): void {
  const l = { ...HTTP_LIMITS, ...limits };
  server.headersTimeout = l.headersTimeoutMs;
  server.requestTimeout = l.requestTimeoutMs;
  server.keepAliveTimeout = l.keepAliveTimeoutMs;
  server.maxHeadersCount = l.maxHeadersCount;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = l.connectionsCheckingIntervalMs;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function malformed(reason: string): Error {
  // body-parser answers a `verify` error with its `status`; `type` maps it to MALFORMED_JSON (http-error.filter.ts)
  return Object.assign(new Error(`JSON body refused: ${reason}`), { status: 400, type: 'entity.parse.failed' });
}

/**
 * `verify` hook of express.json, on the raw bytes before parsing: the body must be valid UTF-8 (body-parser would
 * silently turn bad bytes into U+FFFD) and nest at most MAX_JSON_DEPTH levels (deeper bodies overflow
 * class-transformer's recursion: a 500 for every such request). One pass, no allocation.
 */
export function checkJsonBody(_req: unknown, _res: unknown, buf: Buffer): void {
  try {
    utf8.decode(buf);
  } catch {
    throw malformed('invalid UTF-8');
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (inString) {
      if (b === 0x5c)
        i++; // backslash: skip the escaped character
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) {
      inString = true;
    } else if (b === 0x7b || b === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw malformed('nested too deeply');
    } else if (b === 0x7d || b === 0x5d) {
      depth--;
    }
  }
}

/**
 * A query string that does not decode to valid UTF-8 (`%FF`, a lone `%`) answers 400 instead of reaching the
 * handlers as mojibake or as the raw escape.
 */
export function rejectMalformedQuery(req: Request, _res: Response, next: NextFunction): void {
  const at = req.originalUrl.indexOf('?');
  if (at < 0) return next();
  try {
    decodeURIComponent(req.originalUrl.slice(at + 1).replace(/\+/g, ' '));
  } catch {
    return next(new DomainError('VALIDATION_FAILED', [{ field: 'query', code: 'validation.invalid' }]));
  }
  next();
}
