// The run's results/: files with sizes, and a preview of the one picked — CSV as a
// table plus a chart, images inline (ResultImage), text as text. The desktop app can
// also open a regular file with the OS or show any entry in the file manager.
import { useEffect, useState } from 'react';
import type { FileChunk, FileEntry } from '../../shared/api/models';
import type { ApiError } from '../../shared/api/result';
import { formatBytes, formatLocal } from '../../shared/format';
import { useApi, useAppInfo } from '../api/ApiContext';
import { useNotify } from '../shell/notices';
import { CsvPreview } from './CsvPreview';
import { IMAGE_EXTENSIONS, ResultImage } from './ResultImage';
import { useRunFolder } from './useRunFolder';

const ext = (p: string) => p.slice(p.lastIndexOf('.') + 1).toLowerCase();
const CSV = new Set(['csv', 'tsv']);
const HDF5 = new Set(['h5', 'hdf5', 'hdf']);

/**
 * Only a regular file is handed to the OS ("Open"); a link may still be previewed, since
 * the backend reads it only when it leads to a file inside the runs directory. A pipe,
 * socket or device is never read: it is listed for what it is.
 */
const canPreview = (f: FileEntry) => f.kind === 'file' || f.kind === 'symlink';
const KIND_LABEL: Partial<Record<FileEntry['kind'], string>> = {
  fifo: 'a named pipe',
  socket: 'a socket',
  device: 'a device',
  other: 'not a file',
  symlink: 'a link',
};

function useListing(runId: string) {
  return useRunFolder(runId, 'results', 2000);
}

export function ResultsTab({ runId }: { runId: string }) {
  const listing = useListing(runId);
  const [picked, setPicked] = useState<FileEntry | null>(null);
  const info = useAppInfo();
  const client = useApi();
  const notify = useNotify();
  const shell = async (path: string, reveal: boolean) => {
    const r = await client.call('shell.open', { run_id: runId, path, reveal });
    if (!r.ok) notify.error(r.error);
  };
  if (listing === null)
    return (
      <p className="muted" role="status">
        Loading results…
      </p>
    );
  if ('code' in listing)
    return (
      <p className="error-text" role="alert">
        {listing.message}
      </p>
    );
  const files = listing.entries.filter((e) => e.kind !== 'dir');
  if (files.length === 0) return <p className="muted">results/ is empty.</p>;
  return (
    <div className="results">
      <table className="files-table" aria-label="Result files">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Modified</th>
            {info?.canUseShell && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr
              key={f.path}
              aria-selected={picked?.path === f.path}
              className={picked?.path === f.path ? 'selected' : undefined}
            >
              <td>
                {canPreview(f) ? (
                  <button type="button" className="link" onClick={() => setPicked(f)}>
                    {f.path.replace(/^results\//, '')}
                  </button>
                ) : (
                  <span>
                    {f.path.replace(/^results\//, '')} <span className="muted">({KIND_LABEL[f.kind] ?? f.kind})</span>
                  </span>
                )}
              </td>
              <td className="num">{formatBytes(f.bytes)}</td>
              <td>{formatLocal(f.mtime_ms)}</td>
              {/* Only the desktop app can hand files to the OS; a browser gets no empty column. */}
              {info?.canUseShell && (
                <td>
                  <span className="row-actions">
                    {f.kind === 'file' && (
                      <button
                        type="button"
                        onClick={() => void shell(f.path, false)}
                        aria-label={`Open ${f.name} with the OS`}
                      >
                        Open
                      </button>
                    )}
                    <button
                      type="button"
                      onClick={() => void shell(f.path, true)}
                      aria-label={`Reveal ${f.name} in File Manager`}
                    >
                      Reveal
                    </button>
                  </span>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {listing.total > listing.entries.length && (
        <p className="muted">
          Showing {listing.entries.length} of {listing.total} entries.
        </p>
      )}
      {info?.canUseShell && (
        <button type="button" onClick={() => void shell('results', true)}>
          Reveal results/ in File Manager
        </button>
      )}
      {picked && <Preview key={picked.path} runId={runId} file={picked} canUseShell={info?.canUseShell ?? false} />}
    </div>
  );
}

function Preview({ runId, file, canUseShell }: { runId: string; file: FileEntry; canUseShell: boolean }) {
  const client = useApi();
  const kind = ext(file.path);
  const needsRead = !IMAGE_EXTENSIONS.has(kind) && !HDF5.has(kind);
  const [chunk, setChunk] = useState<FileChunk | ApiError | null>(null);
  useEffect(() => {
    if (!needsRead) return;
    let live = true;
    void client.call('run.readFile', { run_id: runId, path: file.path, offset: 0, length: 65_536 }).then((r) => {
      if (live) setChunk(r.ok ? r.value : r.error);
    });
    return () => {
      live = false;
    };
  }, [client, runId, file.path, needsRead]);

  const title = <h3>{file.name}</h3>;
  const elsewhere = canUseShell ? ' Use "Open" to view it with the OS.' : '';
  if (HDF5.has(kind))
    return (
      <section className="preview" aria-label="Preview">
        {title}
        <p className="muted">
          An HDF5 file ({formatBytes(file.bytes)}); read it with h5py or JUNE's tools.{elsewhere}
        </p>
      </section>
    );
  if (IMAGE_EXTENSIONS.has(kind))
    return (
      <section className="preview" aria-label="Preview">
        {title}
        <ResultImage runId={runId} file={file} elsewhere={elsewhere} />
      </section>
    );
  if (chunk === null)
    return (
      <section className="preview" aria-label="Preview">
        {title}
        <p className="muted" role="status">
          Loading…
        </p>
      </section>
    );
  if ('code' in chunk)
    return (
      <section className="preview" aria-label="Preview">
        {title}
        <p className="error-text" role="alert">
          {chunk.message}
        </p>
      </section>
    );
  const partial = chunk.truncated ? (
    <p className="muted">
      Showing the first {formatBytes(chunk.text.length)} of {formatBytes(chunk.size)}.
    </p>
  ) : null;
  let body: React.ReactNode;
  if (chunk.binary) body = <p className="muted">A binary file; it cannot be shown as text.{elsewhere}</p>;
  else if (CSV.has(kind)) body = <CsvPreview text={chunk.text} complete={!chunk.truncated} name={file.name} />;
  else body = <pre className="file-text">{chunk.text}</pre>;
  return (
    <section className="preview" aria-label="Preview">
      {title}
      {partial}
      {body}
    </section>
  );
}
