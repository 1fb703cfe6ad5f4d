// A toolbar button that opens a small panel below it: a click outside or Escape closes
// it. The owner keeps `open`, so it can load what the panel shows only while it is open.
import { useEffect, useRef, type ReactNode } from 'react';

export interface PopoverProps {
  /** The button's text; also the panel's accessible name unless `title` says otherwise. */
  label: string;
  title?: string;
  className: string;
  open: boolean;
  onOpenChange(open: boolean): void;
  children: ReactNode;
}

export function Popover({ label, title, className, open, onOpenChange, children }: PopoverProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) onOpenChange(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open, onOpenChange]);
  return (
    <div className="popover-anchor" ref={box}>
      <button type="button" aria-expanded={open} aria-haspopup="dialog" onClick={() => onOpenChange(!open)}>
        {label}
      </button>
      {open && (
        <div
          className={`popover ${className}`}
          role="dialog"
          aria-label={title ?? label}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              onOpenChange(false);
            }
          }}
        >
          {children}
        </div>
      )}
    </div>
  );
}
