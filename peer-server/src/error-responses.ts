import type { ErrorRequestHandler, RequestHandler } from 'express';

/** Codes for requests refused outside the rooms API's own checks. */
export type HttpErrorCode = 'bad-request' | 'not-found' | 'payload-too-large' | 'server-error';

const CODES: Record<number, { code: HttpErrorCode; message: string }> = {
  400: { code: 'bad-request', message: 'Malformed request.' },
  404: { code: 'not-found', message: 'Nothing here.' },
  413: { code: 'payload-too-large', message: 'Request too large.' },
};

/** Unknown paths answer JSON like every other refusal, not Express's HTML page. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: CODES[404] });
};

/**
 * The last error handler: a status and `{ error: { code, message } }`, never a
 * stack trace or an HTML page. Client mistakes that reach it (a malformed
 * URL's escapes, a body parser's complaint) keep their 4xx status; anything
 * else is ours, logged and counted, and answers 500.
 */
export function errorResponses(onUnexpected: (error: unknown) => void): ErrorRequestHandler {
  return (error: { status?: unknown; statusCode?: unknown }, _req, res, next) => {
    const status = Number(error?.status ?? error?.statusCode);
    const known = Number.isInteger(status) && status >= 400 && status < 500;
    if (!known) onUnexpected(error);
    if (res.headersSent) return next(error);
    const body = known
      ? (CODES[status] ?? { code: 'bad-request', message: 'Request refused.' })
      : { code: 'server-error', message: 'Something went wrong on the server.' };
    res.status(known ? status : 500).json({ error: body });
  };
}
