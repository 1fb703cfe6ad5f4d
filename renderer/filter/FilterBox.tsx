// The filter box: free text plus `key:value` tokens (shared/filter-syntax.ts).
import { forwardRef } from 'react';

export interface FilterBoxProps {
  value: string;
  onChange(text: string): void;
  errors: string[];
  shown: number;
  total: number;
  pending: boolean;
  /** ↓ or Enter: the user is done typing and wants the rows; Escape in an empty box too. */
  onLeave?(opts: { toFirstRow: boolean }): void;
}

export const FilterBox = forwardRef<HTMLInputElement, FilterBoxProps>(function FilterBox(
  { value, onChange, errors, shown, total, pending, onLeave },
  ref,
) {
  return (
    <div className="filter-box">
      <input
        ref={ref}
        type="search"
        aria-label="Filter runs"
        placeholder="Filter — text, status:failed tag:sweep user:… host:… parent:… before:2026-10-01   ( / )"
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.stopPropagation();
            onChange('');
          } else if (onLeave && (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === 'Escape')) {
            // Without this a keyboard user is stuck in the box: ↑/↓/Enter are left to
            // text fields while one has focus.
            e.preventDefault();
            onLeave({ toFirstRow: e.key !== 'Escape' });
          }
        }}
        aria-describedby="filter-count"
      />
      <span id="filter-count" className={`filter-count${pending ? ' pending' : ''}`} role="status">
        {shown === total ? `${total} runs` : `${shown} of ${total} runs`}
      </span>
      {errors.length > 0 && (
        <div className="filter-errors" role="alert">
          {errors.join(' · ')}
        </div>
      )}
    </div>
  );
});
