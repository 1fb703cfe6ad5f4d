// The filter box: free text plus `key:value` tokens (shared/filter-parse.ts).
import { forwardRef } from 'react';
import type { ValueLoading } from '../state/valueStore';

export interface FilterBoxProps {
  value: string;
  onChange(text: string): void;
  errors: string[];
  shown: number;
  total: number;
  pending: boolean;
  /** Set while the run values the filter compares are still being fetched: the count is not final. */
  loadingValues?: ValueLoading | null;
  /** ↓ or Enter: the user is done typing and wants the rows; Escape in an empty box too. */
  onLeave?(opts: { toFirstRow: boolean }): void;
}

export const FilterBox = forwardRef<HTMLInputElement, FilterBoxProps>(function FilterBox(
  { value, onChange, errors, shown, total, pending, loadingValues, onLeave },
  ref,
) {
  return (
    <div className="filter-box">
      <input
        ref={ref}
        type="search"
        aria-label="Filter runs"
        placeholder="Filter — text, status:failed tag:sweep user:… before:2026-10-01 config.beta>0.3   ( / )"
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
      <span
        id="filter-count"
        className={`filter-count${pending || loadingValues ? ' pending' : ''}`}
        role="status"
        aria-busy={loadingValues ? true : undefined}
      >
        {shown === total ? `${total} runs` : `${shown} of ${total} runs`}
        {loadingValues && ` · loading values… ${loadingValues.done} of ${loadingValues.total} runs read`}
      </span>
      {errors.length > 0 && (
        <div className="filter-errors" role="alert">
          {errors.join(' · ')}
        </div>
      )}
    </div>
  );
});
