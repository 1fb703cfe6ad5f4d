// JSON as the module's json.dump(obj, f, indent=2) writes it, and reads it back without
// losing what JSON.parse would lose. Python's default ensure_ascii=True escapes every
// character outside printable ASCII (astral ones as surrogate pairs) so its files are
// pure ASCII: a raw UTF-8 file fails to load in the module under a C locale. Python
// also keeps 1.0 a float, integers of any size exact, and writes NaN and Infinity;
// JSON.parse would turn a value the module wrote into another one, so a rewrite keeps
// each number's text as it was unless the number itself changed.

/** Number literals, by their path in the document, whose text the plain writer would not reproduce. */
export type NumberTexts = Map<string, string>;

/** The number texts of each object parsePyJson returned, so that any writer of it keeps them. */
const keptNumbers = new WeakMap<object, NumberTexts>();

const pathKey = (p: readonly (string | number)[]) => JSON.stringify(p);

/** Python's repr(float), from JavaScript's shortest round-trip digits. */
function floatRepr(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(v)) return Math.abs(v) < 1e16 ? String(v) : BigInt(v).toString();
  const [mant, expText] = v.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  // JavaScript writes these without an exponent too (it switches below 1e-6).
  if (exp >= -4) return String(v);
  return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** repr() of a value Python holds as a float: integral ones keep ".0" or take an exponent. */
function pyFloatRepr(v: number): string {
  if (!Number.isInteger(v)) return floatRepr(v);
  if (Object.is(v, -0)) return '-0.0';
  if (Math.abs(v) < 1e16) return `${v}.0`;
  const [mant, exp] = v.toExponential().split('e') as [string, string];
  return `${mant}e${exp.startsWith('-') ? '-' : '+'}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** json.encoder's ensure_ascii string: only space to "~" stays as it is. */
export function pyString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/["\\\u0000-\u001f\u007f-\uffff]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

function sameNumber(text: string, v: number): boolean {
  const t = text === 'NaN' ? NaN : text === 'Infinity' ? Infinity : text === '-Infinity' ? -Infinity : Number(text);
  return Object.is(t, v) || (t === v && v !== 0);
}

/** The bytes json.dump(value, f, indent=2) writes: no trailing newline, keys in their order. */
export function dumpPyJson(
  value: unknown,
  numbers = typeof value === 'object' && value ? keptNumbers.get(value) : undefined,
): string {
  const at: (string | number)[] = [];
  const enc = (v: unknown, pad: string): string | undefined => {
    if (v === null) return 'null';
    if (typeof v === 'string') return pyString(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') {
      const kept = numbers?.get(pathKey(at));
      return kept !== undefined && sameNumber(kept, v) ? kept : floatRepr(v);
    }
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'object') return undefined;
    const inner = `${pad}  `;
    const parts: string[] = [];
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        at.push(i);
        parts.push(`${inner}${enc(x, inner) ?? 'null'}`);
        at.pop();
      });
      return parts.length ? `[\n${parts.join(',\n')}\n${pad}]` : '[]';
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      at.push(k);
      const text = enc(x, inner);
      at.pop();
      if (text !== undefined) parts.push(`${inner}${pyString(k)}: ${text}`);
    }
    return parts.length ? `{\n${parts.join(',\n')}\n${pad}}` : '{}';
  };
  return enc(value, '') ?? 'null';
}

/**
 * For a writer that copies the top-level keys of `from` into `to` (extra fields given
 * at creation, --set on a status change): their numbers keep their text there too.
 */
export function carryNumbers(from: object, to: object): void {
  const src = keptNumbers.get(from);
  if (!src?.size) return;
  const dst = keptNumbers.get(to) ?? new Map<string, string>();
  for (const [k, v] of src) dst.set(k, v);
  keptNumbers.set(to, dst);
}

class Parser {
  i = 0;
  readonly numbers: NumberTexts = new Map();
  private readonly at: (string | number)[] = [];
  constructor(private readonly s: string) {}

  fail(): never {
    throw new SyntaxError(`JSON the module could not read either, at position ${this.i}`);
  }

  ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }

  value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.number();
  }

  number(): number {
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|NaN|-?Infinity)/.exec(
      this.s.slice(this.i, this.i + 400),
    );
    if (!m) this.fail();
    const text = m[0];
    this.i += text.length;
    const v =
      text === 'NaN' ? NaN : text.endsWith('Infinity') ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text);
    // What Python writes back: an int exactly as it was, a float as its repr (1.50 -> 1.5, 1.0 stays 1.0).
    const python = /^-?\d+$/.test(text) ? (text === '-0' ? '0' : text) : pyFloatRepr(v);
    if (python !== floatRepr(v)) this.numbers.set(pathKey(this.at), python);
    return v;
  }

  string(): string {
    const end = this.stringEnd(this.i);
    const text = this.s.slice(this.i, end);
    this.i = end;
    return JSON.parse(text) as string;
  }

  /** Where the string starting at `from` ends; JSON.parse then decodes it (and refuses control characters, as Python's strict mode does). */
  private stringEnd(from: number): number {
    for (let j = from + 1; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === '\\') j++;
      else if (c === '"') return j + 1;
    }
    this.i = this.s.length;
    return this.fail();
  }

  array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.at.push(out.length);
      out.push(this.value());
      this.at.pop();
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail();
    }
  }

  object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail();
      const k = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') this.fail();
      this.at.push(k);
      // defineProperty: a key "__proto__" is data here, as in JSON.parse.
      Object.defineProperty(out, k, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.at.pop();
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail();
    }
  }
}

/**
 * Parses what Python's json.load accepts (JSON plus NaN and Infinity) and notes each
 * number whose text dumpPyJson would not write back the same. Anything else it refuses
 * with JSON.parse's own message.
 */
export function parsePyJson(text: string): { value: unknown; numbers: NumberTexts } {
  const p = new Parser(text);
  try {
    const value = p.value();
    p.ws();
    if (p.i !== text.length) p.fail();
    if (typeof value === 'object' && value && p.numbers.size) keptNumbers.set(value, p.numbers);
    return { value, numbers: p.numbers };
  } catch {
    return { value: JSON.parse(text), numbers: new Map() };
  }
}
