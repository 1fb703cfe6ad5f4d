// What the shell shows about the link to the backend. IPC is always "open"; the
// WebSocket can drop (a laptop sleeping, an SSH tunnel closing) or refuse the token.
export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'lost'; retryInMs: number; attempt: number }
  | { kind: 'unauthorised'; message: string };

export interface ConnectionMonitor {
  current(): ConnectionState;
  /** Returns an unsubscribe. */
  onChange(listener: (state: ConnectionState) => void): () => void;
  /** Try again now (after a token was entered, or from the banner). */
  retry(): void;
}

export const alwaysOpen: ConnectionMonitor = {
  current: () => ({ kind: 'open' }),
  onChange: () => () => {},
  retry: () => {},
};
