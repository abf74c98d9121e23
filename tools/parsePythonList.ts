/**
 * The seed document's packets are printed as python 2 list literals. Parsing them lives here, outside the
 * tests, because both the tests (__tests__/helpers/vectors.ts) and `npm run traces:record`
 * (tools/recordTraces.ts) read the seed's real packets, and the build must not emit test helpers.
 */

/** A value of a python list literal: an int or a (byte) string. */
export type PythonValue = bigint | Uint8Array;

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  v: 0x0b,
  '0': 0x00,
};

/**
 * Parses a python 2 list literal of ints and byte strings (`[574621841, 116, 'Hello', '\x08', "…"]`), as
 * printed in the seed's docstring: quoted with ' or ", escapes \xHH, \\, \', \", \n etc.
 * Returns the values and the index just after the closing bracket.
 */
export function parsePythonList(text: string, start: number): { values: PythonValue[]; end: number } {
  let i = start;
  const fail = (why: string): never => {
    throw new Error(`python literal at ${i}: ${why}`);
  };
  const skipSpace = (): void => {
    while (text[i] === ' ') i++;
  };
  if (text[i] !== '[') fail('expected [');
  i++;
  const values: PythonValue[] = [];
  for (;;) {
    skipSpace();
    const c = text[i];
    if (c === undefined) return fail('unterminated list');
    if (c === ']') return { values, end: i + 1 };
    if (c === "'" || c === '"') {
      const bytes: number[] = [];
      i++;
      while (text[i] !== c) {
        const ch = text[i];
        if (ch === undefined) return fail('unterminated string');
        if (ch !== '\\') {
          const code = ch.charCodeAt(0);
          if (code > 0xff) fail('non-latin1 character in a byte string');
          bytes.push(code);
          i++;
          continue;
        }
        const esc = text[i + 1];
        if (esc === 'x') {
          const hex = text.slice(i + 2, i + 4);
          if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail('bad \\x escape');
          bytes.push(parseInt(hex, 16));
          i += 4;
        } else {
          const code = esc === undefined ? undefined : SIMPLE_ESCAPES[esc];
          if (code === undefined) return fail(`unsupported escape \\${esc}`);
          bytes.push(code);
          i += 2;
        }
      }
      i++;
      values.push(Uint8Array.from(bytes));
    } else {
      const m = /^\d+/.exec(text.slice(i));
      if (!m) return fail(`unexpected ${c}`);
      values.push(BigInt(m[0]));
      i += m[0].length;
    }
    skipSpace();
    if (text[i] === ',') i++;
    else if (text[i] !== ']') fail('expected , or ]');
  }
}
