import { globSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Document } from 'yaml';
import { ManifestError } from './errors.ts';
import { applyMergeOrder, plainData, parseNaisYaml, resolveScalars } from './yaml-nais.ts';

/** One non-empty YAML document of a manifest file, with what is needed to point back into the file. */
export interface ManifestDocument {
  file: string;
  /** Position among all the file's documents, empty ones included, from 0. */
  index: number;
  /** 1-based line where the document's content starts. */
  startLine: number;
  /** The document as plain data. */
  value: unknown;
  /** The parsed document, for {@link lineOf}. */
  document: Document.Parsed;
  lineCounter: LineCounter;
}

/** A field path such as `['spec', 'env', 2, 'name']` or `spec.env[2].name`. */
export type FieldPath = string | readonly (string | number)[];

/**
 * Parses a manifest's text, multi-document YAML or JSON (which is YAML), skipping empty documents such as
 * the one after a trailing `---`. Values are read as NAIS deploy reads them (YAML 1.1 style, see
 * yaml-resolve.ts): `yes` is true, `0755` is 493. Syntax errors name the file, line and column.
 */
export function parseManifests(text: string, file: string): ManifestDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseNaisYaml(text, lineCounter);
  const parsed: ManifestDocument[] = [];
  let index = 0;
  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      const position = error.linePos?.[0];
      const reason = error.message.split(/ at line \d+, column \d+/)[0] ?? error.message;
      throw new ManifestError(file, position?.line, position?.col, `YAML syntax error: ${reason}`);
    }
    resolveScalars(document, { file, lineCounter, exactIntegers: true });
    applyMergeOrder(document);
    const value: unknown = plainData(document, file, lineCounter);
    if (value !== null && value !== undefined) {
      const start = document.contents?.range[0] ?? document.range[0];
      parsed.push({ file, index, startLine: lineCounter.linePos(start).line, value, document, lineCounter });
    }
    index += 1;
  }
  return parsed;
}

/**
 * The 1-based line of a field, or of its nearest existing parent when the field is absent.
 * A mapping field's line is that of its key, so `spec` points at `spec:`, not at the first line inside it.
 */
export function lineOf(doc: ManifestDocument, path: FieldPath): number {
  const keys = typeof path === 'string' ? splitFieldPath(path) : path;
  let node: unknown = doc.document.contents;
  let offset = doc.document.contents?.range[0] ?? doc.document.range[0];
  for (const key of keys) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item: unknown = node.items[key];
      if (!item) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return doc.lineCounter.linePos(offset).line;
}

/**
 * The text a scalar field was written with, such as `no` for a field that YAML read as false; undefined when
 * the field is absent or not a scalar.
 */
export function sourceTextOf(doc: ManifestDocument, path: FieldPath): string | undefined {
  const keys = typeof path === 'string' ? splitFieldPath(path) : path;
  let node: unknown = doc.document.contents;
  for (const key of keys) {
    if (isMap(node))
      node = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key))?.value;
    else if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else return undefined;
  }
  return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
}

/** `spec.env[2].name` → `['spec', 'env', 2, 'name']`. */
export function splitFieldPath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) keys.push(Number(match[2]));
    else if (match[1] !== undefined) keys.push(match[1]);
  }
  return keys;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: unknown }).range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

/**
 * Expands the resource inputs into files: in the order of the patterns, sorted within one glob, each file
 * once. A pattern that matches no file is an error, since a typo would otherwise deploy nothing.
 */
export function expandResourcePatterns(patterns: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const pattern of patterns) {
    const matches = globSync(pattern, { cwd })
      .filter((match) => isFile(isAbsolute(match) ? match : join(cwd, match)))
      .sort();
    if (matches.length === 0) {
      throw new Error(`The resource '${pattern}' matches no file (looked in ${cwd}). Check the path and the pattern.`);
    }
    for (const match of matches) if (!files.includes(match)) files.push(match);
  }
  return files;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
