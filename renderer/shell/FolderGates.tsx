// What the window shows instead of a folder's runs when the folder it was asked for (by
// the address, `dir=`, or the folder bar) cannot be shown yet: one still connecting is
// waited for, since ssh may be asking the user something; one that is not open is said
// to be so, with the way to open it, rather than quietly showing another folder.

export function ConnectingGate({ dir, canStop, onStop }: { dir: string; canStop: boolean; onStop(): void }) {
  return (
    <section className="empty-state" aria-labelledby="connecting-title" aria-busy="true">
      <h2 id="connecting-title">
        Connecting to <code>{dir}</code>…
      </h2>
      <p className="muted" role="status">
        Its runs show here once the connection is made. If ssh asks a question (a passphrase, a host key), it appears as
        a dialog.
      </p>
      {canStop && (
        <button type="button" onClick={onStop}>
          Stop connecting to {dir}
        </button>
      )}
    </section>
  );
}

export function NotOpenGate(p: {
  dir: string;
  current: string | null;
  canOpen: boolean;
  onOpen(): void;
  onShowCurrent(): void;
}) {
  return (
    <section className="empty-state" aria-labelledby="not-open-title">
      <h2 id="not-open-title">
        <code>{p.dir}</code> is not open here
      </h2>
      <p className="muted">
        The address names a runs folder this Runyard does not have open
        {p.canOpen ? '.' : ', and it was started read-only, so it shows only its own folders.'}
      </p>
      <div className="empty-actions">
        {p.canOpen && (
          <button type="button" onClick={p.onOpen}>
            Open {p.dir}
          </button>
        )}
        {p.current && (
          <button type="button" onClick={p.onShowCurrent}>
            Show {p.current} instead
          </button>
        )}
      </div>
    </section>
  );
}
