import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  type Document,
  type LineCounter,
  type Pair,
  type Scalar,
} from 'yaml';
import { ManifestError } from './errors.ts';
import { jsonKey, jsonValue, resolvePlain, resolveTagged, type ResolvedScalar } from './yaml-resolve.ts';

export interface NaisYamlOptions {
  file: string;
  lineCounter: LineCounter;
  /**
   * Manifests reach Kubernetes with integers exact up to 64 bits, but a JavaScript number is exact only up to
   * 2^53, so such integers are refused. Vars files go through JSON into Go's float64, which is a JavaScript
   * number, so there they are kept as numbers.
   */
  exactIntegers: boolean;
}

/**
 * Parses YAML text into documents whose scalars hold the values NAIS deploy's YAML library gives them.
 * The npm `yaml` package reads every scalar as text here (the failsafe schema), then {@link resolveScalars}
 * gives each plain or tagged scalar its yaml.v2 value, so positions and merge keys stay the package's own.
 * Callers check `document.errors` before resolving.
 */
export function parseNaisYaml(text: string, lineCounter: LineCounter): Document.Parsed[] {
  const documents = parseAllDocuments(text, {
    lineCounter,
    schema: 'failsafe',
    // Explicit tags such as !!binary and !!timestamp are ours to resolve, as yaml.v2 does.
    resolveKnownTags: false,
    merge: true,
    prettyErrors: true,
    // A mapping used as a key (an untemplated `{{ x }}`) is reported by validation, not as a process warning.
    logLevel: 'error',
  });
  return Array.isArray(documents) ? documents : [];
}

/** Gives every scalar of a parsed document its yaml.v2 value, in place. Throws for values NAIS deploy refuses. */
export function resolveScalars(document: Document.Parsed, options: NaisYamlOptions): void {
  visit(document, {
    Scalar(key, node, path) {
      // The merge key `<<` holds a marker, not text; everything else is still text here.
      const text = node.value;
      if (typeof text !== 'string') return;
      const resolved = resolveText(text, node);
      const fail = (reason: string): never => {
        const position = options.lineCounter.linePos(node.range?.[0] ?? 0);
        const field = fieldPath(path, node);
        const where = field === '' ? '' : `field '${field}': `;
        throw new ManifestError(options.file, position.line, position.col, `${where}${reason}`);
      };
      if ('error' in resolved) return fail(resolved.error);
      if (key === 'key') {
        const keyText = jsonKey(resolved);
        if (typeof keyText !== 'string')
          return fail(`the key '${text}': ${keyText.error}. Quote it to keep it as text.`);
        node.value = keyText;
        return;
      }
      const value = jsonValue(resolved);
      if (value !== null && typeof value === 'object') {
        return fail(`the value '${text}' is ${value.error}. Quote it to keep it as text.`);
      }
      if (options.exactIntegers && resolved.type === 'int' && !Number.isSafeInteger(value)) {
        return fail(
          `the integer ${text} is larger than this tool can hold exactly (2^53). Quote it to send it as text.`,
        );
      }
      node.value = value;
    },
  });
}

/**
 * yaml.v2 applies a merge key (`<<`) where it stands in the mapping, so the merged keys overwrite those written
 * before it (decode.go `mapping`, `merge`); npm yaml never lets a merge overwrite. Drops, in place, the pairs
 * that yaml.v2 would overwrite, so that npm yaml's merge gives yaml.v2's result. Call after resolveScalars.
 */
export function applyMergeOrder(document: Document.Parsed): void {
  visit(document, {
    Map(_key, map) {
      const overwritten = new Set<unknown>();
      map.items.forEach((pair, index) => {
        if (!isMergePair(pair)) return;
        const merged = mergedKeys(pair.value, document, 0);
        for (const earlier of map.items.slice(0, index)) {
          if (!isMergePair(earlier) && isScalar(earlier.key) && merged.has(String(earlier.key.value))) {
            overwritten.add(earlier);
          }
        }
      });
      if (overwritten.size > 0) map.items = map.items.filter((pair) => !overwritten.has(pair));
    },
  });
}

function isMergePair(pair: Pair): boolean {
  const key = pair.key;
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

/** The keys a merge value brings: a mapping's, an alias's target's, or those of each in a list. */
function mergedKeys(value: unknown, document: Document.Parsed, depth: number): Set<string> {
  const keys = new Set<string>();
  // Merged mappings may merge others in turn; a few levels cover every real file and stop alias cycles.
  if (depth > 8) return keys;
  const node = isAlias(value) ? value.resolve(document) : value;
  if (isSeq(node)) {
    for (const item of node.items) for (const key of mergedKeys(item, document, depth + 1)) keys.add(key);
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (isMergePair(pair)) for (const key of mergedKeys(pair.value, document, depth + 1)) keys.add(key);
      else if (isScalar(pair.key)) keys.add(String(pair.key.value));
    }
  }
  return keys;
}

function resolveText(text: string, node: Scalar): ResolvedScalar | { error: string } {
  if (node.tag) return resolveTagged(text, node.tag);
  // Only plain scalars are resolved; quoted and block scalars are text (decode.go, `implicit`).
  return node.type === 'PLAIN' ? resolvePlain(text) : { type: 'str', value: text };
}

/** `spec.env[2].value` for a scalar, from the ancestors `visit` passes; keys are named by their text. */
function fieldPath(ancestors: readonly unknown[], node: unknown): string {
  let text = '';
  const chain = [...ancestors, node];
  chain.forEach((ancestor, index) => {
    const next = chain[index + 1];
    if (isPair(ancestor)) {
      if (next === ancestor.key) return;
      const name = isScalar(ancestor.key) ? String(ancestor.key.value) : '?';
      text += text === '' ? name : `.${name}`;
    } else if (isSeq(ancestor) && next !== undefined) {
      text += `[${ancestor.items.indexOf(next)}]`;
    }
  });
  return text;
}

/**
 * The document as plain data. The yaml package refuses aliases that expand to far more data than the
 * text holds (an "alias bomb"); that refusal then names the file and the document's line.
 */
export function plainData(document: Document.Parsed, file: string, lineCounter: LineCounter): unknown {
  try {
    return document.toJS();
  } catch (error) {
    const start = lineCounter.linePos(document.contents?.range[0] ?? document.range[0]).line;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ManifestError(
      file,
      start,
      undefined,
      /alias count/i.test(reason)
        ? 'its aliases (*name) expand to far more data than the file holds, so it is refused as a resource-exhaustion risk. Write the values out, or use fewer aliases.'
        : `the YAML cannot be read as data: ${reason}`,
    );
  }
}
