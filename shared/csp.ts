// The UI's Content-Security-Policy, for both places that serve the UI: the desktop
// window's app:// protocol and `runyard serve`. One list, so a directive changed for one
// cannot silently stay different in the other.
//
// img-src allows data: because result images reach the UI as base64 through the API
// (run.readImage) and are shown as data: URLs in <img>, where even an SVG cannot run a
// script or load anything; blob: is there for images the UI builds itself.

export interface CspOptions {
  /**
   * The host the browser reached `runyard serve` at (the request's Host header): the
   * WebSocket goes there, and 'self' does not cover ws: in every browser. The desktop
   * window talks over IPC and has none.
   */
  wsHost?: string | null;
}

export function contentSecurityPolicy({ wsHost }: CspOptions = {}): string {
  const ws = wsHost ? ` ws://${wsHost} wss://${wsHost}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    `connect-src 'self'${ws}`,
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
