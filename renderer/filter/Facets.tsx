// Status and tag facets: each value with how many runs it would show, as toggles that
// add or remove the matching token in the filter text. A value the filter names stays
// listed even when no run has it (count 0), so it can be switched off where it was.
import { useMemo, useState } from 'react';
import { hasToken, toggleToken, tokenize, type FilterKey } from '../../shared/filter-tokens';
import { StatusBadge } from '../ui/StatusBadge';

const TAGS_SHOWN = 12;

export interface FacetsProps {
  filterText: string;
  onFilterChange(text: string): void;
  statusCounts: [string, number][];
  tagCounts: [string, number][];
}

/** The counts, then each value the filter turns on that has none, at 0. */
export function withActive(counts: [string, number][], filterText: string, key: FilterKey): [string, number][] {
  const have = new Set(counts.map(([v]) => v.toLowerCase()));
  const out = [...counts];
  for (const t of tokenize(filterText)) {
    const v = t.value.toLowerCase();
    if (t.key === key && !t.negated && v && !have.has(v)) {
      have.add(v);
      out.push([t.value, 0]);
    }
  }
  return out;
}

export function Facets({ filterText, onFilterChange, statusCounts: counted, tagCounts: countedTags }: FacetsProps) {
  const statusCounts = useMemo(() => withActive(counted, filterText, 'status'), [counted, filterText]);
  const tagCounts = useMemo(() => withActive(countedTags, filterText, 'tag'), [countedTags, filterText]);
  const [allTags, setAllTags] = useState(false);
  const tags = allTags ? tagCounts : tagCounts.filter(([tag], i) => i < TAGS_SHOWN || hasToken(filterText, 'tag', tag));
  const toggle = (key: FilterKey, value: string) => onFilterChange(toggleToken(filterText, key, value));
  return (
    <aside className="facets" aria-label="Facets">
      <FacetGroup title="Status">
        {statusCounts.map(([status, n]) => (
          <FacetButton
            key={status}
            pressed={hasToken(filterText, 'status', status)}
            onClick={() => toggle('status', status)}
            label={status}
            count={n}
          >
            <StatusBadge status={status} />
          </FacetButton>
        ))}
      </FacetGroup>
      <FacetGroup title="Tags">
        {tags.length === 0 && <li className="muted">No tags</li>}
        {tags.map(([tag, n]) => (
          <FacetButton
            key={tag}
            pressed={hasToken(filterText, 'tag', tag)}
            onClick={() => toggle('tag', tag)}
            label={tag}
            count={n}
          >
            <span className="tag">{tag}</span>
          </FacetButton>
        ))}
        {tagCounts.length > TAGS_SHOWN && (
          <li>
            <button type="button" className="link" onClick={() => setAllTags(!allTags)}>
              {allTags ? 'Fewer tags' : `All ${tagCounts.length} tags`}
            </button>
          </li>
        )}
      </FacetGroup>
    </aside>
  );
}

function FacetGroup({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="facet-group">
      <h2>{title}</h2>
      <ul role="list">{children}</ul>
    </section>
  );
}

// The name is what the button shows, "failed (2)", so voice control users can say what
// they see (a name of "failed (2)" over a shown "failed 2" did not match).
function FacetButton({
  pressed,
  onClick,
  label,
  count,
  children,
}: {
  pressed: boolean;
  onClick(): void;
  label: string;
  count: number;
  children: React.ReactNode;
}) {
  return (
    <li>
      <button
        type="button"
        className="facet"
        aria-pressed={pressed}
        aria-label={`${label} (${count})`}
        onClick={onClick}
      >
        {children}
        <span className="facet-count">({count})</span>
      </button>
    </li>
  );
}
