// An ARIA tab list: ←/→/Home/End move between tabs, the panel is labelled by its tab.
import { useRef } from 'react';

export function Tabs<T extends string>({
  label,
  tabs,
  current,
  onChange,
  idPrefix,
}: {
  label: string;
  tabs: readonly T[];
  current: T;
  onChange(t: T): void;
  idPrefix: string;
}) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const go = (t: T) => {
    onChange(t);
    refs.current.get(t)?.focus();
  };
  return (
    <div
      role="tablist"
      aria-label={label}
      className="tabs"
      onKeyDown={(e) => {
        const i = tabs.indexOf(current);
        if (e.key === 'ArrowRight') go(tabs[(i + 1) % tabs.length]!);
        else if (e.key === 'ArrowLeft') go(tabs[(i - 1 + tabs.length) % tabs.length]!);
        else if (e.key === 'Home') go(tabs[0]!);
        else if (e.key === 'End') go(tabs[tabs.length - 1]!);
        else return;
        e.preventDefault();
      }}
    >
      {tabs.map((t) => (
        <button
          key={t}
          ref={(el) => {
            if (el) refs.current.set(t, el);
            else refs.current.delete(t);
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${t}`}
          aria-selected={t === current}
          aria-controls={`${idPrefix}-panel-${t}`}
          tabIndex={t === current ? 0 : -1}
          onClick={() => onChange(t)}
        >
          {t}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ idPrefix, tab, children }: { idPrefix: string; tab: string; children: React.ReactNode }) {
  return (
    <div
      role="tabpanel"
      id={`${idPrefix}-panel-${tab}`}
      aria-labelledby={`${idPrefix}-tab-${tab}`}
      className="tab-panel"
      tabIndex={0}
    >
      {children}
    </div>
  );
}
