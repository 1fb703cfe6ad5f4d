import { useMemo } from 'react';
import { diffValues, flattenValue, formatLeaf } from '../../../shared/config-diff';

/** The child's config against the parent's; when they are equal, what the child inherits. */
export function ConfigDiffList({ before, after, hasConfig }: { before: unknown; after: unknown; hasConfig: boolean }) {
  const diff = useMemo(() => diffValues(before, after), [before, after]);
  const inherited = useMemo(() => (before === undefined ? 0 : flattenValue(before).size), [before]);
  if (!hasConfig) return <p className="ry-muted">The parent has no config.yaml, so there is nothing to compare.</p>;
  if (diff.length === 0) {
    return (
      <p className="ry-muted">
        No differences: the child starts with the parent's config ({inherited} {inherited === 1 ? 'value' : 'values'}).
      </p>
    );
  }
  return (
    <div className="ry-scroll" tabIndex={0} role="region" aria-label="Config differences, scrollable">
      <table className="ry-table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Parent</th>
            <th scope="col">Child</th>
          </tr>
        </thead>
        <tbody>
          {diff.map((d) => (
            <tr key={d.path} className={`ry-diff--${d.kind}`}>
              <th scope="row" className="ry-mono">
                {d.path || '(root)'}
              </th>
              <td className="ry-mono">
                {d.kind === 'added' ? <em className="ry-muted">absent</em> : formatLeaf(d.before)}
              </td>
              <td className="ry-mono">
                {d.kind === 'removed' ? <em className="ry-muted">absent</em> : formatLeaf(d.after)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
