// A compact form of run lists for the WebSocket. Written plainly, every run repeats its
// twenty key names and every checkpoint its three, a quarter of a big snapshot's bytes
// (figures: BENCHMARKS.md), and Chromium's time to receive a frame grows with its size, so lists of objects that
// share their keys travel as one key list plus one array of values per object. The
// browser asks for this form when it connects (`wire=compact` in the socket URL, which
// also asks for big snapshots streamed, as the IPC path gets them:
// electron/api/snapshot-stream.ts); other clients, and the IPC path, see plain objects. Lossless: an object whose keys differ,
// or that holds `undefined` (which an array would turn into null), travels as it is.
import type { WireMessage } from './client';

/** A list of objects as one key list and a row per object (an array of values, or the object itself). */
export interface PackedList {
  $keys: string[];
  rows: unknown[];
  /** Keys whose values are themselves packed lists (a run's checkpoints). */
  nested?: string[];
}

export const WIRE_COMPACT = 'compact';
const MIN_PACKED = 8;
const NESTED = ['checkpoints'];

function valuesOf(o: Record<string, unknown>, keys: readonly string[]): unknown[] | null {
  const out = new Array<unknown>(keys.length);
  let n = 0;
  for (const k in o) {
    if (k !== keys[n]) return null;
    const v = o[k];
    if (v === undefined) return null;
    out[n++] = v;
  }
  return n === keys.length ? out : null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function packList(list: readonly unknown[], min = MIN_PACKED): PackedList | readonly unknown[] {
  const first = list[0];
  if (list.length < min || !isPlainObject(first)) return list;
  const keys = Object.keys(first);
  const nested = NESTED.filter((k) => keys.includes(k));
  const nestedAt = nested.map((k) => keys.indexOf(k));
  const rows = new Array<unknown>(list.length);
  for (let i = 0; i < list.length; i++) {
    const o = list[i];
    const values = isPlainObject(o) ? valuesOf(o, keys) : null;
    if (values) for (const j of nestedAt) if (Array.isArray(values[j])) values[j] = packList(values[j] as unknown[], 1);
    rows[i] = values ?? o;
  }
  return nested.length ? { $keys: keys, rows, nested } : { $keys: keys, rows };
}

function isPacked(v: unknown): v is PackedList {
  return isPlainObject(v) && Array.isArray(v.$keys) && Array.isArray(v.rows);
}

export function unpackList(v: unknown): unknown {
  if (!isPacked(v)) return v;
  const keys = v.$keys;
  const nestedAt = (v.nested ?? []).map((k) => keys.indexOf(k));
  const out = new Array<unknown>(v.rows.length);
  for (let i = 0; i < v.rows.length; i++) {
    const row = v.rows[i];
    if (!Array.isArray(row)) {
      out[i] = row;
      continue;
    }
    const o: Record<string, unknown> = {};
    for (let j = 0; j < keys.length; j++) o[keys[j]!] = row[j];
    for (const j of nestedAt) o[keys[j]!] = unpackList(row[j]);
    out[i] = o;
  }
  return out;
}

/** The places that carry run lists: snapshots (`runs`) and deltas (`added`, `changed`). */
const LIST_KEYS = ['runs', 'added', 'changed'];

function mapLists(value: unknown, f: (list: unknown) => unknown): unknown {
  if (!isPlainObject(value) || !LIST_KEYS.some((k) => k in value)) return value;
  const copy: Record<string, unknown> = { ...value };
  for (const k of LIST_KEYS) if (k in copy) copy[k] = f(copy[k]);
  return copy;
}

/** The message with its run lists packed; everything else unchanged. */
export function packMessage(msg: WireMessage): WireMessage {
  if (msg.type === 'response' && msg.result.ok)
    return {
      ...msg,
      result: { ok: true, value: mapLists(msg.result.value, (l) => (Array.isArray(l) ? packList(l) : l)) },
    };
  if (msg.type === 'event')
    return { ...msg, payload: mapLists(msg.payload, (l) => (Array.isArray(l) ? packList(l) : l)) };
  return msg;
}

export function unpackMessage(msg: WireMessage): WireMessage {
  if (msg.type === 'response' && msg.result.ok)
    return { ...msg, result: { ok: true, value: mapLists(msg.result.value, unpackList) } };
  if (msg.type === 'event') return { ...msg, payload: mapLists(msg.payload, unpackList) };
  return msg;
}
