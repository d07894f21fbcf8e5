import { readFileSync } from 'node:fs';
import { LineCounter } from 'yaml';
import { ManifestError } from './errors.ts';
import { applyMergeOrder, plainData, parseNaisYaml, resolveScalars } from './yaml-nais.ts';
import { formatFloatG } from './yaml-resolve.ts';
import type { InlineVariable } from '../settings.ts';

/** Template variables by name; values are whatever the vars file holds (text, numbers, lists, mappings). */
export type TemplateVariables = Record<string, unknown>;

export interface MergedVariables {
  variables: TemplateVariables;
  /** Lines to log, such as NAIS deploy's `Overwriting template variable 'x'; previous value was 'y'`. */
  notices: string[];
}

export interface VariableSources {
  /** The vars file's content, from {@link readVarsFile}. */
  fromFile?: TemplateVariables;
  /** The `image` input; it becomes the variable `image`. */
  image?: string | undefined;
  /** Inline variables, in the order given; the last word. */
  inline?: readonly InlineVariable[];
}

/** Reads and parses a vars file; the only function here that touches the disk. */
export function readVarsFile(path: string): TemplateVariables {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ManifestError(path, undefined, undefined, `cannot read the vars file: ${reason}`);
  }
  return parseVarsFile(text, path);
}

/**
 * Parses a vars file (YAML or JSON) as NAIS deploy does (ghodss/yaml over yaml.v2): YAML 1.1 style values
 * (`yes` is true, `0755` is 493), only the first document, and numbers as JSON numbers. An empty file has
 * no variables.
 */
export function parseVarsFile(text: string, file: string): TemplateVariables {
  const lineCounter = new LineCounter();
  // NAIS deploy reads the first document only and never looks at the rest.
  const document = parseNaisYaml(text, lineCounter)[0];
  if (!document) return {};
  const error = document.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    const reason = error.message.split(/ at line \d+/)[0] ?? error.message;
    throw new ManifestError(file, position?.line, position?.col, `the vars file is not valid YAML or JSON: ${reason}`);
  }
  resolveScalars(document, { file, lineCounter, exactIntegers: false });
  applyMergeOrder(document);
  const content: unknown = plainData(document, file, lineCounter);
  if (content === null || content === undefined) return {};
  if (typeof content !== 'object' || Array.isArray(content)) {
    const found = Array.isArray(content) ? 'a list' : `the ${typeof content} ${JSON.stringify(content)}`;
    throw new ManifestError(
      file,
      undefined,
      undefined,
      `the vars file must be a mapping of variable names to values, such as 'image: ghcr.io/org/app:1', but it holds ${found}.`,
    );
  }
  return content as TemplateVariables;
}

/**
 * Combines the variables with NAIS deploy's precedence: the vars file, then the image input as `image`,
 * then the inline variables on top. As in NAIS deploy, the inline entries are first collected by name (a later
 * entry wins silently), and only a name that the vars file or the image already set gets the overwrite notice.
 */
export function mergeVariables(sources: VariableSources): MergedVariables {
  const variables: TemplateVariables = { ...sources.fromFile };
  const notices: string[] = [];
  const set = (key: string, value: unknown): void => {
    if (Object.hasOwn(variables, key)) {
      notices.push(`Overwriting template variable '${key}'; previous value was '${describe(variables[key])}'`);
    }
    variables[key] = value;
  };
  if (sources.image !== undefined && sources.image !== '') set('image', sources.image);
  const inline = new Map<string, string | boolean>();
  for (const { key, value } of sources.inline ?? []) inline.set(key, value);
  for (const [key, value] of inline) {
    set(key, value);
    notices.push(...inlineNotices(key, value));
  }
  return { variables, notices };
}

/** Inline entries that NAIS deploy accepts but that are rarely meant. */
export function inlineNotices(key: string, value: string | boolean): string[] {
  const notices: string[] = [];
  if (key === '') {
    notices.push(
      `The 'var' input has an empty entry (such as after a trailing comma or before '='), so the template variable '' is set to '${describe(value)}', as NAIS deploy does. It has no other effect, except that templating runs even when no other variable is set.`,
    );
  }
  if (/[\r\n]/.test(key) || (typeof value === 'string' && /[\r\n]/.test(value))) {
    notices.push(
      `The 'var' entry '${key}' spans several lines. NAIS deploy splits 'var' on commas only, not on line breaks, so end each entry with a comma.`,
    );
  }
  return notices;
}

/**
 * Go's `%v`, which NAIS deploy uses in its notice, for the values a vars file holds: numbers as float64
 * (`1e+06`), lists as `[a 1]`, mappings as `map[a:1]` with sorted keys, null as `<nil>`.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
    return formatFloatG(value, 64);
  }
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(describe).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([key, item]) => `${key}:${describe(item)}`).join(' ')}]`;
  }
  // Only booleans are left in values that come from YAML or the var input.
  return typeof value === 'boolean' ? String(value) : '';
}
