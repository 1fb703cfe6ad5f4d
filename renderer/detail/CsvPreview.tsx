// A CSV (or the first 64 KiB of one) as a table, with its numeric columns charted
// over the first column.
import { useMemo } from 'react';
import { numericColumns, parseCsv, toNumber, xValues } from '../../shared/csv';
import { LineChart } from './LineChart';

const ROWS_SHOWN = 200;

export function CsvPreview({ text, complete, name }: { text: string; complete: boolean; name: string }) {
  const table = useMemo(() => parseCsv(text, { complete }), [text, complete]);
  const chart = useMemo(() => {
    const numeric = numericColumns(table).filter((c) => c !== 0);
    if (numeric.length === 0 || table.rows.length < 2) return null;
    const x = xValues(table);
    return {
      x,
      series: numeric.map((c) => ({
        name: table.header[c] ?? `column ${c + 1}`,
        values: table.rows.map((r) => toNumber(r[c])),
      })),
    };
  }, [table]);
  if (table.header.length === 0) return <p className="muted">The file is empty.</p>;
  return (
    <div className="csv-preview">
      {chart && (
        <LineChart
          title={`${name}: ${chart.series.map((s) => s.name).join(', ')} over ${table.header[0] ?? 'row'}`}
          x={chart.x.values}
          xKind={chart.x.kind}
          xLabel={chart.x.kind === 'index' ? 'row' : (table.header[0] ?? '')}
          series={chart.series}
        />
      )}
      <div className="csv-scroll">
        <table className="csv-table" aria-label={`Preview of ${name}`}>
          <thead>
            <tr>
              {table.header.map((h, i) => (
                <th key={i} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.slice(0, ROWS_SHOWN).map((r, i) => (
              <tr key={i}>
                {table.header.map((_, c) => (
                  <td key={c}>{r[c] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {table.rows.length > ROWS_SHOWN
          ? `First ${ROWS_SHOWN} of ${table.rows.length} rows read`
          : `${table.rows.length} rows`}
        {table.partial ? ' (the preview ends before the file does)' : ''}.
      </p>
    </div>
  );
}
