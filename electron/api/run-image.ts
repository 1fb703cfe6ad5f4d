// Images among a run's files, for the Results tab. The bytes travel as base64 inside the
// one API, so IPC and the serve WebSocket carry them alike and the UI needs no file URL
// or second HTTP route. What a file is comes from its first bytes, never its name: a
// results/plot.png that is really HTML or a script is refused, not handed to the UI
// under an image type. The file is opened exactly as for run.readFile (safe-open.ts),
// read-only, and read from that descriptor only.
import fs from 'node:fs';
import { MAX_IMAGE_BYTES, type RunImage } from '../../shared/api/models';
import { ioError, StoreError } from '../store/errors';
import { ApiFailure } from './errors';
import { openRunFile } from './safe-open';
import { formatBytes } from '../../shared/format';

/** Enough of the start of a file to tell its type, SVG's XML prologue and comments included. */
const SNIFF_BYTES = 4096;

const startsWith = (buf: Buffer, sig: number[] | string, at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return buf.length >= at + bytes.length && buf.subarray(at, at + bytes.length).equals(bytes);
};

// SVG has no magic number: it is text whose first element is <svg>, after at most an XML
// declaration, comments and a doctype. A NUL byte means it is not text at all. A comment
// may not contain `-->`, so there is one way to split a run of comments, and a file of
// thousands of them cannot make the match backtrack exponentially.
const SVG_START = /^\uFEFF?\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->)[\s\S])*-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i;

export function sniffImage(head: Buffer): RunImage['mime'] | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return 'image/gif';
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return 'image/webp';
  if (!head.includes(0) && SVG_START.test(head.toString('utf8'))) return 'image/svg+xml';
  return null;
}

function readFully(fd: number, buf: Buffer, from = 0): number {
  let n = from;
  while (n < buf.length) {
    const got = fs.readSync(fd, buf, n, buf.length - n, n);
    if (got === 0) break;
    n += got;
  }
  return n;
}

export function readRunImage(base: string, runId: string, relPath: string): RunImage {
  const { fd, st, name, full } = openRunFile(base, runId, relPath);
  try {
    if (st.size > MAX_IMAGE_BYTES) {
      throw new StoreError(
        'refused',
        `${name} is ${formatBytes(st.size)}, larger than the ${formatBytes(MAX_IMAGE_BYTES)} Runyard shows as an image; open it with another program`,
        name,
      );
    }
    // Sized by fstat: a file still being written is read as far as it was then.
    const buf = Buffer.alloc(st.size);
    const head = readFully(fd, buf.subarray(0, Math.min(SNIFF_BYTES, st.size)));
    const mime = sniffImage(buf.subarray(0, head));
    if (!mime)
      throw new ApiFailure(
        'unsupported',
        `${name} is not a PNG, JPEG, GIF, WebP or SVG image (judged by its content, not its name), so it is not shown as one`,
        name,
      );
    const read = head < SNIFF_BYTES ? head : readFully(fd, buf, head);
    return { mime, base64: buf.subarray(0, read).toString('base64'), bytes: read };
  } catch (e) {
    if (e instanceof StoreError || e instanceof ApiFailure) throw e;
    throw ioError('read', full, e);
  } finally {
    fs.closeSync(fd);
  }
}
