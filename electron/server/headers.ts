// Security headers for every response of `runyard serve`. The CSP itself is shared with
// the desktop window (shared/csp.ts); only the WebSocket's host is added here.
import type { IncomingMessage } from 'node:http';
import { contentSecurityPolicy } from '../../shared/csp';
import { cspHost } from './auth';

export function securityHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy({ wsHost: cspHost(req) }),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}
