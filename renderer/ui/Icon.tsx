// A few line icons drawn as SVG (no icon font: the CSP and the bundle stay small).
// An icon with a `label` is announced and has a tooltip; without one it is decoration.
const PATHS = {
  warning: 'M12 3 2 21h20L12 3zm0 6v6m0 3v.5',
  stale: 'M12 7v5l3 2M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z',
  pin: 'M9 3h6l-1 6 4 4H6l4-4-1-6zm3 10v8',
  copy: 'M8 8h12v12H8zM4 4h12v2M4 4v12h2',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({
  name,
  label,
  size = 14,
  className,
}: {
  name: IconName;
  label?: string;
  size?: number;
  className?: string;
}) {
  const svg = (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
  if (!label) return <span className={`icon ${className ?? ''}`}>{svg}</span>;
  return (
    <span className={`icon ${className ?? ''}`} role="img" aria-label={label} title={label}>
      {svg}
    </span>
  );
}
