// How NAIS deploy's YAML library (gopkg.in/yaml.v2 v2.4.0, YAML 1.1 style) turns a scalar's text into a
// value when decoding into Go's interface{}. The facts come from that library's resolve.go and decode.go;
// the code is our own. Values then pass through JSON (ghodss/yaml), so they are what JSON can hold.

/** A scalar as yaml.v2 reads it: the YAML type it resolved to and the JavaScript value that stands for it. */
export type ResolvedScalar =
  | { type: 'str'; value: string }
  | { type: 'null'; value: null }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  /** Looks like a timestamp; decoded into interface{} it stays the text as written. */
  | { type: 'timestamp'; value: string };

export type ScalarType = ResolvedScalar['type'];

const tagPrefix = 'tag:yaml.org,2002:';

/** The standard tags that yaml.v2 resolves; any other tag leaves the text as it is. */
const resolvableTags = new Set<string>(['str', 'bool', 'int', 'float', 'null', 'timestamp']);

/** Fixed words (resolve.go's lookup table); the case forms are exactly these, `yEs` is text. */
const words = new Map<string, ResolvedScalar>();
for (const word of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) {
  words.set(word, { type: 'bool', value: true });
}
for (const word of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) {
  words.set(word, { type: 'bool', value: false });
}
for (const word of ['', '~', 'null', 'Null', 'NULL']) words.set(word, { type: 'null', value: null });
for (const word of ['.nan', '.NaN', '.NAN']) words.set(word, { type: 'float', value: Number.NaN });
for (const word of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) {
  words.set(word, { type: 'float', value: Number.POSITIVE_INFINITY });
}
for (const word of ['-.inf', '-.Inf', '-.INF']) words.set(word, { type: 'float', value: Number.NEGATIVE_INFINITY });

/** resolve.go's `yamlStyleFloat`, tried after the integer forms fail. */
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's ParseFloat on text that starts with a dot: no hex; an underscore only between two digits. */
const dotFloat = /^\.[0-9]+(_[0-9]+)*([eE][-+]?[0-9]+(_[0-9]+)*)?$/;

const int64Max = 2n ** 63n - 1n;
const uint64Max = 2n ** 64n - 1n;

/**
 * The short form of a full tag (`tag:yaml.org,2002:int` → `int`), or undefined for tags outside the
 * YAML namespace such as `!foo`.
 */
export function standardTagName(tag: string): string | undefined {
  if (tag.startsWith(tagPrefix)) return tag.slice(tagPrefix.length);
  if (tag.startsWith('!!')) return tag.slice(2);
  return undefined;
}

/**
 * Resolves a plain (unquoted, untagged) scalar. The first character picks which forms are tried, as in
 * resolve.go: a sign or digit → timestamp, integer, float; `yYnNtTfFoO~` → the fixed words; `.` → the words
 * or a float; anything else is text.
 */
export function resolvePlain(text: string): ResolvedScalar {
  return resolveImplicit(text, true);
}

/**
 * Resolves a scalar with an explicit tag such as `!!int "12"`. Returns an error text when the value is not of
 * that type, as yaml.v2 fails with "cannot decode". `!!binary` is base64 decoded to text; `!!str` and other
 * tags, such as `!foo`, keep the text.
 */
export function resolveTagged(text: string, tag: string): ResolvedScalar | { error: string } {
  const name = standardTagName(tag);
  if (name === 'binary') return decodeBase64(text);
  if (name === 'str' || name === undefined || !resolvableTags.has(name)) return { type: 'str', value: text };
  const resolved = resolveImplicit(text, name === 'timestamp');
  if (resolved.type === name) return resolved;
  // A !!float accepts an integer (decode.go's deferred check in resolve).
  if (name === 'float' && resolved.type === 'int') return { type: 'float', value: Number(resolved.value) };
  return { error: `cannot read the ${resolved.type} value '${text}' as the tagged type !!${name}` };
}

/** decode.go: a `!!binary` scalar is read as standard base64; Go's decoder skips line breaks only. */
function decodeBase64(text: string): ResolvedScalar | { error: string } {
  const compact = text.replace(/[\r\n]+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
    return { error: `the !!binary value '${text}' is not valid base64` };
  }
  return { type: 'str', value: Buffer.from(compact, 'base64').toString('utf8') };
}

function resolveImplicit(text: string, tryTimestamp: boolean): ResolvedScalar {
  const word = words.get(text);
  if (word) return word;
  const first = text[0] ?? '';
  if (first === '.') {
    return dotFloat.test(text) ? finiteFloat(text.replaceAll('_', ''), text) : { type: 'str', value: text };
  }
  if (!/^[-+0-9]$/.test(first)) return { type: 'str', value: text };

  if (tryTimestamp && isTimestamp(text)) return { type: 'timestamp', value: text };
  // Underscores are dropped anywhere before the number forms are tried: 1_000 is 1000.
  const plain = text.replaceAll('_', '');
  const integer = parseGoInteger(plain, true) ?? parseGoInteger(plain, false);
  if (integer !== undefined) return { type: 'int', value: integer };
  if (yamlStyleFloat.test(plain)) {
    const float = finiteFloat(plain, text);
    if (float.type === 'float') return float;
  }
  // resolve.go's own 0b branch reads the rest in base 2 with Go's ParseInt, which takes a sign: 0b-1 is -1.
  const binary = plain.startsWith('0b') ? parseBinary(plain.slice(2)) : undefined;
  if (binary !== undefined) return { type: 'int', value: binary };
  return { type: 'str', value: text };
}

/** Go's ParseFloat: a value too large for float64 is an error, so the scalar stays its `original` text. */
function finiteFloat(number: string, original: string): ResolvedScalar {
  const value = Number(number);
  return Number.isFinite(value) ? { type: 'float', value } : { type: 'str', value: original };
}

/**
 * Go's `strconv.ParseInt(s, 0, 64)` (signed) or `ParseUint(s, 0, 64)`: an optional sign (signed only), then
 * `0x`/`0o`/`0b` (any case) or a leading `0` for octal, else decimal; undefined when invalid or out of range.
 */
export function parseGoInteger(text: string, signed: boolean): bigint | undefined {
  let rest = text;
  let negative = false;
  if (signed && (rest.startsWith('+') || rest.startsWith('-'))) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '') return undefined;
  let digits = rest;
  let pattern = /^[0-9]+$/;
  let prefix = '';
  if (rest.startsWith('0')) {
    const marker = (rest[1] ?? '').toLowerCase();
    if (rest.length >= 3 && marker === 'x') [prefix, digits, pattern] = ['0x', rest.slice(2), /^[0-9a-fA-F]+$/];
    else if (rest.length >= 3 && marker === 'o') [prefix, digits, pattern] = ['0o', rest.slice(2), /^[0-7]+$/];
    else if (rest.length >= 3 && marker === 'b') [prefix, digits, pattern] = ['0b', rest.slice(2), /^[01]+$/];
    // A lone "0" is octal with no digits after the prefix, which Go reads as 0.
    else [prefix, digits, pattern] = ['0o', rest.slice(1) === '' ? '0' : rest.slice(1), /^[0-7]+$/];
  }
  if (!pattern.test(digits)) return undefined;
  const magnitude = BigInt(prefix === '' ? digits : `${prefix}${digits}`);
  if (!signed) return magnitude <= uint64Max ? magnitude : undefined;
  const value = negative ? -magnitude : magnitude;
  return value <= int64Max && value >= -int64Max - 1n ? value : undefined;
}

/** Go's `ParseInt(s, 2, 64)`, else `ParseUint(s, 2, 64)`: an optional sign (signed only), then 0s and 1s. */
export function parseBinary(text: string): bigint | undefined {
  const match = /^([-+]?)([01]+)$/.exec(text);
  if (!match) return undefined;
  const magnitude = BigInt(`0b${match[2] ?? ''}`);
  const value = match[1] === '-' ? -magnitude : magnitude;
  if (value <= int64Max && value >= -int64Max - 1n) return value;
  return match[1] === '' && value <= uint64Max ? value : undefined;
}

/**
 * resolve.go's `parseTimestamp`: four digits and a dash first, then one of the layouts yaml.v2 tries with Go's
 * time.Parse: a date (`2006-1-2`), or a date and time separated by `T`, `t` or a space, with optional
 * fractional seconds, and with a zone (`Z` or `±hh:mm`) exactly when separated by `T`/`t`.
 */
export function isTimestamp(text: string): boolean {
  const match =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-]\d{2}:\d{2})|( )(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?)?$/.exec(
      text,
    );
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  const hour = Number(match[5] ?? match[9] ?? 0);
  const minute = Number(match[6] ?? match[10] ?? 0);
  const second = Number(match[7] ?? match[11] ?? 0);
  return hour < 24 && minute < 60 && second < 60;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A resolved value as NAIS deploy passes it on through JSON. Numbers are JavaScript numbers, exact for
 * integers up to 2^53; NaN and infinities have no JSON form, which NAIS deploy reports as an error.
 */
export function jsonValue(resolved: ResolvedScalar): string | number | boolean | null | { error: string } {
  switch (resolved.type) {
    case 'int':
      return Number(resolved.value);
    case 'float':
      if (Number.isFinite(resolved.value)) return resolved.value;
      return {
        error: `${Number.isNaN(resolved.value) ? 'not a number (NaN)' : 'infinite'}, which JSON cannot hold, so NAIS deploy refuses it`,
      };
    default:
      return resolved.value;
  }
}

/**
 * A mapping key as ghodss/yaml turns it into a JSON key: booleans as `true`/`false`, integers in decimal,
 * floats as Go's `FormatFloat(k, 'g', -1, 32)`. A null key has no JSON form, and neither does an integer
 * above the int64 range (ghodss handles int and int64 keys only).
 */
export function jsonKey(resolved: ResolvedScalar): string | { error: string } {
  switch (resolved.type) {
    case 'str':
    case 'timestamp':
      return resolved.value;
    case 'bool':
      return String(resolved.value);
    case 'int':
      return resolved.value > int64Max
        ? { error: 'an integer key above 9223372036854775807 cannot be turned into JSON' }
        : resolved.value.toString();
    case 'float':
      return formatFloat32G(resolved.value);
    case 'null':
      return { error: 'a mapping key that YAML reads as null (empty, ~ or null) cannot be turned into JSON' };
  }
}

/** Go's `strconv.FormatFloat(value, 'g', -1, 32)`: the shortest float32 digits, exponent form outside 1e-4..1e6. */
export function formatFloat32G(value: number): string {
  return formatFloatG(value, 32);
}

/**
 * Go's `strconv.FormatFloat(value, 'g', -1, bits)`, with YAML's words for the infinities and NaN as ghodss/yaml
 * writes keys. Go's `%v` writes a float64 the same way, except for those words.
 */
export function formatFloatG(value: number, bits: 32 | 64): string {
  // Beyond float32's range a key becomes an infinity, which ghodss/yaml writes as YAML does.
  const single = bits === 32 ? Math.fround(value) : value;
  if (Number.isNaN(single)) return '.nan';
  if (single === Number.POSITIVE_INFINITY) return '.inf';
  if (single === Number.NEGATIVE_INFINITY) return '-.inf';
  if (single === 0) return Object.is(single, -0) ? '-0' : '0';
  // toExponential() alone gives the shortest digits of a float64; a float32 needs its own shortest (≤ 9 digits).
  let digits = single.toExponential();
  for (let precision = 1; bits === 32 && precision <= 9; precision += 1) {
    digits = single.toExponential(precision - 1);
    if (Math.fround(Number(digits)) === single) break;
  }
  const [mantissa = '', exponentText = '0'] = digits.split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const significant = mantissa.replace('-', '').replace('.', '');
  // Go's shortest 'g' switches to the exponent form below 1e-4 and from 1e6 on (1e6 → 1e+06).
  if (exponent < -4 || exponent >= 6) {
    const body = significant.length > 1 ? `${significant[0]}.${significant.slice(1)}` : significant;
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  const pointAt = exponent + 1;
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${significant}`;
  if (pointAt >= significant.length) return `${sign}${significant}${'0'.repeat(pointAt - significant.length)}`;
  return `${sign}${significant.slice(0, pointAt)}.${significant.slice(pointAt)}`;
}
