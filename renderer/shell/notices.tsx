// Toasts: errors stay until dismissed (the user must be able to read ApiError.message),
// information fades after a few seconds. Any component can raise one via useNotify().
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ApiError } from '../../shared/api/result';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
  action?: { label: string; run(): void };
}

export interface Notify {
  error(e: ApiError | string): void;
  /** Returns the notice's id, for dismiss(). */
  info(text: string, action?: Notice['action']): number;
  /** Takes a notice away, e.g. an offer that no longer holds. */
  dismiss(id: number): void;
}

const NotifyContext = createContext<Notify | null>(null);
const INFO_MS = 6000;
const MAX_SHOWN = 5;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setNotices((ns) => ns.filter((n) => n.id !== id)), []);
  const push = useCallback(
    (n: Omit<Notice, 'id'>) => {
      const id = next.current++;
      setNotices((ns) =>
        [...ns.filter((x) => !(x.text === n.text && x.kind === n.kind)), { ...n, id }].slice(-MAX_SHOWN),
      );
      if (n.kind === 'info') setTimeout(() => dismiss(id), INFO_MS);
      return id;
    },
    [dismiss],
  );
  const notify = useMemo<Notify>(
    () => ({
      error: (e) => {
        push({ kind: 'error', text: typeof e === 'string' ? e : e.message });
      },
      info: (text, action) => push({ kind: 'info', text, action }),
      dismiss,
    }),
    [push, dismiss],
  );
  return (
    <NotifyContext.Provider value={notify}>
      {children}
      <div className="notices" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
            <span className="notice-text">{n.text}</span>
            {n.action && (
              <button
                type="button"
                onClick={() => {
                  n.action!.run();
                  dismiss(n.id);
                }}
              >
                {n.action.label}
              </button>
            )}
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </NotifyContext.Provider>
  );
}

export function useNotify(): Notify {
  const n = useContext(NotifyContext);
  if (!n) throw new Error('useNotify() used outside <NoticeProvider>');
  return n;
}
