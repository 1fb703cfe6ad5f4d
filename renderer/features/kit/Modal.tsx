// The one dialog frame of the feature dialogs: labelled by its title, Escape closes,
// Tab stays inside, the rest of the page is inert while it is open, and focus goes back
// where it was when the dialog closes.
import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import './kit.css';

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Modal({
  title,
  onClose,
  children,
  wide = false,
  busy = false,
  dirty = false,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
  /** While an operation runs, Escape and the backdrop do not close the dialog. */
  busy?: boolean;
  /** The user has typed something: a backdrop click does nothing, and Escape or × ask before it is thrown away. */
  dirty?: boolean;
}) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const [asking, setAsking] = useState(false);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const askOrClose = () => {
    if (dirtyRef.current) setAsking(true);
    else closeRef.current();
  };

  const backdrop = useRef<HTMLDivElement>(null);
  // Before the focus effects below: on closing, the page is made usable again before focus goes back to it.
  useLayoutEffect(() => (backdrop.current ? inertAround(backdrop.current) : undefined), []);

  // Layout effects, so focus moves in the frame the dialog first paints: no flash of the
  // frame's own focus ring, and nothing that watches the page sees the dialog unfocused.
  useLayoutEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    box.current?.focus();
    return () => {
      if (before && document.contains(before)) before.focus();
    };
  }, []);
  // The first field, not the header's ×, so typing starts at once. A form that loads
  // after the frame opens, by its own state or its parent's, gets it when it appears,
  // unless the user has moved on by then.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const place = () => {
      if (document.activeElement !== el && el.contains(document.activeElement)) return true;
      const first =
        el.querySelector<HTMLElement>('[data-autofocus]') ??
        el.querySelector<HTMLElement>(`.ry-modal__body :is(${FOCUSABLE})`);
      first?.focus();
      return first !== null;
    };
    if (place()) return;
    const watch = new MutationObserver(() => {
      if (place()) watch.disconnect();
    });
    watch.observe(el, { childList: true, subtree: true });
    return () => watch.disconnect();
  }, []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape' && !busyRef.current) {
      e.stopPropagation();
      askOrClose();
    } else if (e.key === 'Tab' && box.current) {
      const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
      if (items.length === 0) return;
      const first = items[0]!;
      const last = items[items.length - 1]!;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div
      ref={backdrop}
      className="ry-modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget && !busyRef.current && !dirtyRef.current) closeRef.current();
      }}
    >
      <div
        ref={box}
        className={`ry-modal${wide ? ' ry-modal--wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {/* A div: a <header> here would be a second banner landmark. */}
        <div className="ry-modal__head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="ry-icon-button" aria-label="Close" onClick={askOrClose} disabled={busy}>
            ×
          </button>
        </div>
        {asking && dirty && (
          <div className="ry-modal__ask" role="alertdialog" aria-label="Discard changes?">
            <p>Close and throw away what you typed?</p>
            <button type="button" className="ry-button" autoFocus onClick={() => setAsking(false)}>
              Keep editing
            </button>
            <button type="button" className="ry-button ry-button--danger" onClick={() => closeRef.current()}>
              Discard
            </button>
          </div>
        )}
        <div className="ry-modal__body">{children}</div>
      </div>
    </div>
  );
}

/**
 * Makes everything but `el` inert (not focusable, not clickable, hidden from screen
 * readers): the siblings of `el` and of each of its ancestors up to <body>. The dialog
 * stays where React put it; returns the undo, which leaves alone what was inert before.
 */
export function inertAround(el: HTMLElement): () => void {
  const made: Element[] = [];
  for (let at: HTMLElement | null = el; at && at !== document.body && at.parentElement; at = at.parentElement) {
    for (const sib of at.parentElement.children) {
      if (sib === at || sib.hasAttribute('inert') || sib.tagName === 'SCRIPT') continue;
      sib.setAttribute('inert', '');
      made.push(sib);
    }
  }
  return () => {
    for (const e of made) e.removeAttribute('inert');
  };
}
