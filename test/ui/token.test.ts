// The page's hold on the token (renderer/api/token.ts): taken from the address once, kept
// in this origin's storage, and gone from the address bar, the rest of the address intact.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  readToken,
  resetTokenForTests,
  saveToken,
  takeTokenFromUrl,
  withoutToken,
  type TokenPlace,
} from '../../renderer/api/token';

const T = 'a'.repeat(64);

class MemoryStore {
  items = new Map<string, string>();
  constructor(private readonly broken = false) {}
  getItem(k: string) {
    if (this.broken) throw new Error('SecurityError');
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.broken) throw new Error('QuotaExceededError');
    this.items.set(k, v);
  }
}

function place(href: string, stores: MemoryStore[] = [new MemoryStore(), new MemoryStore()]) {
  const replaced: string[] = [];
  const p: TokenPlace & { replaced: string[]; stores: () => MemoryStore[] } = {
    loc: { href },
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url?: string | URL | null) => {
        replaced.push(String(url));
        p.loc.href = String(url);
      },
    },
    stores: () => stores,
    replaced,
  };
  return p;
}

beforeEach(() => resetTokenForTests());

describe('the token in the page', () => {
  it('takes the token off the address and keeps path, other parameters and fragment as they were', () => {
    expect(withoutToken(`http://127.0.0.1:8765/?token=${T}`)).toBe('http://127.0.0.1:8765/');
    expect(withoutToken(`http://127.0.0.1:8765/runs/x?a=1&token=${T}&b=%20c+d#frag?token=y`)).toBe(
      'http://127.0.0.1:8765/runs/x?a=1&b=%20c+d#frag?token=y',
    );
    // Every spelling a browser would read as `token`, and an empty one.
    expect(withoutToken(`http://h:1/?%74oken=${T}&token=&token&tokens=1`)).toBe('http://h:1/?tokens=1');
    expect(withoutToken('http://h:1/?a=%zz&token=x')).toBe('http://h:1/?a=%zz');
  });

  it('stores the token from the address in both storages, once, and replaces the history entry', () => {
    const p = place(`http://127.0.0.1:8765/?view=x&token=${T}#f`);
    takeTokenFromUrl(p);
    expect(p.replaced).toEqual(['http://127.0.0.1:8765/?view=x#f']);
    expect(p.stores().map((s) => s.getItem('runyard.token'))).toEqual([T, T]);
    expect(readToken(p)).toBe(T);
    takeTokenFromUrl(p);
    expect(p.replaced).toHaveLength(1);
  });

  it('a page opened without the token uses the stored one; localStorage (the newest given on this origin) first', () => {
    const local = new MemoryStore();
    const session = new MemoryStore();
    local.setItem('runyard.token', 'newer');
    session.setItem('runyard.token', 'older');
    const p = place('http://127.0.0.1:8765/', [local, session]);
    expect(readToken(p)).toBe('newer');
    expect(p.replaced).toEqual([]);
    local.items.clear();
    expect(readToken(p)).toBe('older');
  });

  it('without working storage the token lasts as long as the page, and saveToken says it was not kept', () => {
    const p = place(`http://127.0.0.1:8765/?token=${T}`, [new MemoryStore(true), new MemoryStore(true)]);
    expect(readToken(p)).toBe(T);
    expect(p.replaced).toEqual(['http://127.0.0.1:8765/']);
    expect(saveToken('typed', p)).toBe(false);
    expect(readToken(p)).toBe('typed');
    expect(saveToken('typed', place('http://h:1/'))).toBe(true);
  });

  it('no token anywhere is null', () => {
    expect(readToken(place('http://127.0.0.1:8765/?x=1'))).toBeNull();
  });
});
