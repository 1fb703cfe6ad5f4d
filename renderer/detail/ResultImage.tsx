// An image result (a plot, a map) shown in the Results tab: a thumbnail with its name
// and size that opens larger on click. The bytes come whole through run.readImage,
// which decides the type from the content; the UI only ever puts them in an <img>
// data: URL, where even an SVG cannot run a script or load anything.
import { useEffect, useState } from 'react';
import { MAX_IMAGE_BYTES } from '../../shared/api/models';
import type { FileEntry, RunImage } from '../../shared/api/models';
import type { ApiError } from '../../shared/api/result';
import { formatBytes } from '../../shared/format';
import { useApi } from '../api/ApiContext';
import { Modal } from '../features/kit/Modal';

/** Names the UI asks run.readImage for; the backend still checks the bytes. */
export const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg']);

export function ResultImage({ runId, file, elsewhere }: { runId: string; file: FileEntry; elsewhere: string }) {
  const client = useApi();
  // The listing already knows the size: an image over the bound is not even requested.
  const tooLarge = file.bytes > MAX_IMAGE_BYTES;
  const [image, setImage] = useState<RunImage | ApiError | null>(null);
  const [large, setLarge] = useState(false);
  useEffect(() => {
    if (tooLarge) return;
    let live = true;
    void client.call('run.readImage', { run_id: runId, path: file.path }).then((r) => {
      if (live) setImage(r.ok ? r.value : r.error);
    });
    return () => {
      live = false;
    };
  }, [client, runId, file.path, tooLarge]);

  if (tooLarge) {
    return (
      <p className="error-text" role="alert">
        {file.name} is {formatBytes(file.bytes)}, larger than the {formatBytes(MAX_IMAGE_BYTES)} Runyard shows as an
        image.{elsewhere}
      </p>
    );
  }
  if (image === null)
    return (
      <p className="muted" role="status">
        Loading image…
      </p>
    );
  if ('code' in image)
    return (
      <p className="error-text" role="alert">
        This image cannot be shown: {image.message.replace(/\.$/, '')}.{elsewhere}
      </p>
    );
  const src = `data:${image.mime};base64,${image.base64}`;
  return (
    <figure className="result-figure">
      <img
        className="result-thumb"
        alt={file.name}
        src={src}
        title="Click to view larger"
        onClick={() => setLarge(true)}
      />
      <figcaption>
        <span>{file.name}</span> <span className="muted">{formatBytes(image.bytes)}</span>{' '}
        <button type="button" onClick={() => setLarge(true)}>
          View larger
        </button>
      </figcaption>
      {large && (
        <Modal title={file.name} wide onClose={() => setLarge(false)}>
          <img className="result-image-large" alt={file.name} src={src} />
          <p className="muted">
            {formatBytes(image.bytes)}, {image.mime}
          </p>
        </Modal>
      )}
    </figure>
  );
}
