// The WebSocket link as the user sees it: a banner while it is down, and a screen that
// says plainly when the server refused the token.
import { useState } from 'react';
import type { ConnectionState } from '../api/connection';

export function ConnectionBanner({ state, onRetry }: { state: ConnectionState; onRetry(): void }) {
  if (state.kind !== 'lost') return null;
  return (
    <div className="connection-banner" role="alert">
      Lost the connection to runyard serve; retrying in {Math.ceil(state.retryInMs / 1000)} s (attempt {state.attempt}).{' '}
      <button type="button" onClick={onRetry}>
        Retry now
      </button>
    </div>
  );
}

export function TokenScreen({ message, onToken }: { message: string; onToken(token: string): void }) {
  const [token, setToken] = useState('');
  return (
    <main className="token-screen">
      <section className="empty-state" aria-labelledby="token-title">
        <h1 id="token-title">Wrong or missing token</h1>
        <p>{message}</p>
        <p>
          Open the full address that <code>runyard serve</code> printed when it started — it ends in{' '}
          <code>?token=…</code>. A restarted server has a new token.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (token.trim()) onToken(token.trim());
          }}
          className="path-form"
        >
          <input
            type="password"
            aria-label="Access token"
            placeholder="Paste the token"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoComplete="off"
          />
          <button type="submit" disabled={!token.trim()}>
            Connect
          </button>
        </form>
      </section>
    </main>
  );
}
