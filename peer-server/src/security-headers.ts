import type { RequestHandler } from 'express';

/**
 * The policy for our own pages (the demo): everything they load and talk to is
 * on this origin. No inline script or style: the pages have none. Media and
 * images come from the camera (`mediastream:`, `blob:`), never from elsewhere.
 */
function demoPagePolicy(frameAncestors: string | undefined): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // 'self' covers ws:/wss: to this host in CSP Level 3 browsers, which every browser with WebRTC is;
    // blob: lets the page read a received file from its download link.
    "connect-src 'self' blob:",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    ...(frameAncestors ? [`frame-ancestors ${frameAncestors}`] : []),
  ].join('; ');
}

/**
 * Headers on everything we serve. Our pages may be framed by this origin and
 * by the origins configured to embed them (`frameAncestors`, else the allowed
 * origins when they are a list), nobody else: a page of another site could
 * otherwise frame the demo, with its camera, under its own content
 * (clickjacking). `'*'` opens framing to every site.
 */
export function securityHeaders(allowedOrigins: '*' | string[], frameAncestors: '*' | string[] | undefined): RequestHandler {
  const embedders = frameAncestors ?? (allowedOrigins === '*' ? [] : allowedOrigins);
  const policy = demoPagePolicy(embedders === '*' ? undefined : ["'self'", ...embedders].join(' '));
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // What matters is the policy on our HTML pages; on the bundle, JSON and
    // event streams it is inert (a script runs under its host page's policy), so
    // every response gets it rather than guessing which ones are documents.
    res.setHeader('Content-Security-Policy', policy);
    next();
  };
}
