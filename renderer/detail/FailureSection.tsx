// Why a failed run failed, on its Overview: the `error` value the simulation recorded
// (update_status("failed", error=...)), and the last error lines of its newest log, read
// from the log's tail only (never the whole file).
import { useEffect, useState } from 'react';
import { lastErrorLines } from '../../shared/log-errors';
import type { RunRecord } from '../../shared/types';
import { useApi } from '../api/ApiContext';

const TAIL_BYTES = 65_536;

export function errorValueText(run: RunRecord): string | null {
  const e = run.extra.error;
  if (e === undefined || e === null || e === '') return null;
  return typeof e === 'string' ? e : JSON.stringify(e, null, 2);
}

type Tail = { file: string; lines: string[] } | { file: null; lines: [] } | null;

function useLastErrors(runId: string): Tail {
  const client = useApi();
  const [tail, setTail] = useState<Tail>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const listing = await client.call('run.files', { run_id: runId, folder: 'logs', offset: 0, limit: 500 });
      const newest = listing.ok
        ? listing.value.entries.filter((e) => e.kind === 'file').sort((a, b) => b.mtime_ms - a.mtime_ms)[0]
        : undefined;
      if (!newest) {
        if (live) setTail({ file: null, lines: [] });
        return;
      }
      const r = await client.call('run.readFile', { run_id: runId, path: newest.path, length: TAIL_BYTES, tail: true });
      if (live)
        setTail(
          r.ok && !r.value.binary
            ? { file: newest.path, lines: lastErrorLines(r.value.text) }
            : { file: newest.path, lines: [] },
        );
    })();
    return () => {
      live = false;
    };
  }, [client, runId]);
  return tail;
}

export function FailureSection({ run }: { run: RunRecord }) {
  const error = errorValueText(run);
  const tail = useLastErrors(run.run_id);
  return (
    <section aria-labelledby="ov-failure" className="failure">
      <h3 id="ov-failure">Why it failed</h3>
      {error ? (
        <pre className="meta-value" aria-label="Recorded error">
          {error}
        </pre>
      ) : (
        <p className="muted">No error was recorded in metadata.json.</p>
      )}
      {tail === null ? (
        <p className="muted" role="status">
          Reading the log…
        </p>
      ) : tail.file === null ? (
        <p className="muted">There is no log in logs/.</p>
      ) : tail.lines.length === 0 ? (
        <p className="muted">
          No error lines at the end of <code>{tail.file}</code>.
        </p>
      ) : (
        <>
          <p className="muted">
            Last error lines of <code>{tail.file}</code>:
          </p>
          <pre className="log-text error-lines" aria-label={`Last error lines of ${tail.file}`}>
            {tail.lines.join('\n')}
          </pre>
        </>
      )}
    </section>
  );
}
