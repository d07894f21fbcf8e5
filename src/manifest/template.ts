import Handlebars from 'handlebars';
import { ManifestError } from './errors.ts';
import { asTemplateError, structureError, type TemplateOutput } from './template-errors.ts';
import { structureOf, type Structure } from './structure.ts';
import { registerRaymondHelpers } from './raymond-helpers.ts';
import { parseLikeRaymond } from './raymond-whitespace.ts';
import { escapeHtml, MappingValueError, valueToText } from './text.ts';
import type { TemplateVariables } from './variables.ts';

/** A `{{name}}` whose variable does not exist; it rendered as nothing, as in NAIS deploy. */
export interface MissingVariable {
  name: string;
  /** 1-based, in the template file. */
  line: number;
  /** 1-based. */
  column: number;
  /** A top-level variable whose name differs only in case, such as `image` for `IMAGE`. */
  otherCase?: string;
}

export interface RenderedTemplate {
  text: string;
  missing: MissingVariable[];
}

/** Where the template writes a value: one `{{…}}` or `{{{…}}}` in the source. */
interface Output extends TemplateOutput {
  escaped: boolean;
  /** A bare variable reference, which is what can be missing. */
  isVariable: boolean;
  /** The path's parts, such as `['user', 'name']`, for a variable. */
  parts: string[];
}

/**
 * How one execution writes values: `real` as given; `placeholders` replaces every non-empty value by a
 * unique word that cannot carry YAML syntax; `only` keeps the real value of one output and replaces the rest.
 */
type Mode = { kind: 'real' } | { kind: 'placeholders' } | { kind: 'only'; output: number };

interface Execution {
  text: string;
  missing: MissingVariable[];
  /** The text each output wrote first, for outputs that wrote anything. */
  written: Map<number, string>;
}

const outputHelper = 'naisjob_deploy_output';

/** True when the file uses templating at all (any `{{…}}` other than an escaped `\{{`). */
export function hasTemplateMarkers(source: string): boolean {
  if (!source.includes('{{')) return false;
  try {
    return Handlebars.parse(source).body.some((statement) => statement.type !== 'ContentStatement');
  } catch {
    return true;
  }
}

/**
 * Renders a manifest the way NAIS deploy does (Go's raymond): only when there are variables, with raymond's
 * escaping and number format, and missing variables written as nothing. Unlike NAIS deploy it reports each
 * missing variable and refuses values that would change the YAML structure (add keys, items or documents).
 */
export function renderTemplate(source: string, variables: TemplateVariables, file: string): RenderedTemplate {
  if (Object.keys(variables).length === 0) return { text: source, missing: [] };

  const program = parseTemplate(source, file);
  const outputs: Output[] = [];
  instrument(program, outputs, source);

  // Each value goes through our helper, so escaping and formatting are ours; the global Handlebars is untouched.
  const environment = Handlebars.create();
  let mode: Mode = { kind: 'real' };
  let current: Execution = { text: '', missing: [], written: new Map() };
  let placeholderCount = 0;

  environment.registerHelper(
    outputHelper,
    function (this: unknown, value: unknown, options: { hash: { id: number }; data?: { root?: unknown } }) {
      const id = options.hash.id;
      const output = outputs[id];
      if (!output) throw new Error(`internal error: unknown template output ${id}`);
      // Looking names up in enclosing contexts (compat) turns a null into undefined; raymond finds the null.
      if (value === undefined && output.isVariable && !holdsNull(output.parts, [this, options.data?.root])) {
        const otherCase = nameInOtherCase(output.parts[0], variables);
        current.missing.push({
          name: output.name,
          line: output.line,
          column: output.column,
          ...(otherCase === undefined ? {} : { otherCase }),
        });
      }
      const text = outputText(value, output, file);
      if (text === '') return text;
      if (!current.written.has(id)) current.written.set(id, text);
      const keepReal = mode.kind === 'real' || (mode.kind === 'only' && mode.output === id);
      placeholderCount += 1;
      return keepReal ? text : `naisjobvalue${placeholderCount}`;
    },
  );
  environment.registerHelper('helperMissing', (...args: unknown[]) => {
    const options = args.at(-1) as { name: string; loc?: hbs.AST.SourceLocation };
    throw new ManifestError(
      file,
      options.loc?.start.line,
      options.loc ? options.loc.start.column + 1 : undefined,
      `the template calls '${options.name}', which is not a helper. Available helpers: if, unless, each, with, lookup, log, equal.`,
    );
  });
  registerRaymondHelpers(environment, file);
  // compat: a name that the current context lacks is looked up in the enclosing ones, as raymond's
  // evalDepthPath does (inside {{#each items}}, {{image}} is the top-level image).
  const template = environment.compile(program, {
    knownHelpers: { [outputHelper]: true },
    compat: true,
    // The program already had raymond's whitespace control (parseLikeRaymond); handlebars.js must not add its own.
    ignoreStandalone: true,
  });

  const execute = (next: Mode): Execution => {
    mode = next;
    current = { text: '', missing: [], written: new Map() };
    try {
      current.text = template(variables);
    } catch (error) {
      throw asTemplateError(error, file);
    }
    return current;
  };

  const real = execute({ kind: 'real' });
  checkStructure(real, outputs, file, execute);
  return { text: real.text, missing: uniqueMissing(real.missing) };
}

function parseTemplate(source: string, file: string): hbs.AST.Program {
  try {
    return parseLikeRaymond(source);
  } catch (error) {
    throw asTemplateError(error, file, source);
  }
}

/** Routes every output through our helper: `{{x}}` becomes `{{{helper x id=n}}}`, `{{f a}}` `{{{helper (f a) id=n}}}`. */
function instrument(program: hbs.AST.Program, outputs: Output[], source: string): void {
  for (const statement of program.body) {
    if (statement.type === 'MustacheStatement') {
      instrumentMustache(statement as hbs.AST.MustacheStatement, outputs, source);
    } else if (statement.type === 'BlockStatement') {
      const block = statement as hbs.AST.BlockStatement;
      // The types say both are always there; an inverse-only {{^x}}…{{/x}} has no program, and a block
      // without {{else}} no inverse.
      const program = block.program as hbs.AST.Program | undefined;
      const inverse = block.inverse as hbs.AST.Program | undefined;
      if (program) instrument(program, outputs, source);
      if (inverse) instrument(inverse, outputs, source);
    }
  }
}

function instrumentMustache(mustache: hbs.AST.MustacheStatement, outputs: Output[], source: string): void {
  const loc = mustache.loc;
  // The types say hash is always there; it is absent without key=value arguments.
  const hash = mustache.hash as hbs.AST.Hash | undefined;
  const hasArguments = mustache.params.length > 0 || (hash?.pairs.length ?? 0) > 0;
  const isVariable = !hasArguments && mustache.path.type === 'PathExpression';
  const id = outputs.length;
  outputs.push({
    name: isVariable ? (mustache.path as hbs.AST.PathExpression).original : innerText(source, loc),
    line: loc.start.line,
    column: loc.start.column + 1,
    escaped: mustache.escaped,
    isVariable,
    parts: isVariable ? (mustache.path as hbs.AST.PathExpression).parts : [],
  });
  const value: hbs.AST.Expression = hasArguments
    ? ({
        type: 'SubExpression',
        path: mustache.path,
        params: mustache.params,
        hash: mustache.hash,
        loc,
      } as hbs.AST.Node)
    : mustache.path;
  const idLiteral = { type: 'NumberLiteral', value: id, original: id, loc } as hbs.AST.NumberLiteral;
  mustache.path = { type: 'PathExpression', data: false, depth: 0, parts: [outputHelper], original: outputHelper, loc };
  mustache.params = [value];
  mustache.hash = { type: 'Hash', pairs: [{ type: 'HashPair', key: 'id', value: idLiteral, loc }], loc };
  mustache.escaped = false;
}

/** `lookup a b` for `{{lookup a b}}`, for messages. */
function innerText(source: string, loc: hbs.AST.SourceLocation): string {
  const lines = source.split('\n');
  const text =
    loc.start.line === loc.end.line
      ? (lines[loc.start.line - 1] ?? '').slice(loc.start.column, loc.end.column)
      : (lines[loc.start.line - 1] ?? '').slice(loc.start.column);
  return text.replace(/^\{\{[{&~]?\s*|\s*~?\}?\}\}$/g, '');
}

/**
 * A variable named like `name` but for case. raymond looks a name up in a map exactly as written
 * (eval.go evalField, `MapIndex`), so `{{IMAGE}}` does not find `image`; this only makes the warning helpful.
 */
export function nameInOtherCase(name: string | undefined, variables: TemplateVariables): string | undefined {
  if (name === undefined || Object.hasOwn(variables, name)) return undefined;
  return Object.keys(variables).find((key) => key.toLowerCase() === name.toLowerCase());
}

/** Whether the path leads to a null in one of the contexts: a variable that exists, set to nothing. */
function holdsNull(parts: readonly string[], contexts: readonly unknown[]): boolean {
  return contexts.some((context) => {
    let value = context;
    for (const part of parts) {
      if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return false;
      value = (value as Record<string, unknown>)[part];
    }
    return parts.length > 0 && value === null;
  });
}

function outputText(value: unknown, output: Output, file: string): string {
  let text: string;
  try {
    text = valueToText(value);
  } catch (error) {
    if (!(error instanceof MappingValueError)) throw error;
    throw new ManifestError(
      file,
      output.line,
      output.column,
      `'{{${output.name}}}' is a mapping, which cannot be written as text. Write one of its fields instead, such as {{${output.name}.someField}}.`,
    );
  }
  return output.escaped ? escapeHtml(text) : text;
}

/**
 * Proves that values only filled in scalars: the real render must have the same YAML structure as a render
 * in which every value is a harmless word. If not, finds the first `{{…}}` whose value alone breaks it.
 */
function checkStructure(real: Execution, outputs: Output[], file: string, execute: (mode: Mode) => Execution): void {
  if (real.written.size === 0) return;
  const baseline = structureOf(execute({ kind: 'placeholders' }).text);
  // Broken even with harmless values: the template itself is not YAML, which parsing reports in its own words.
  if ('error' in baseline) return;
  if (sameStructure(structureOf(real.text), baseline)) return;

  for (const id of [...real.written.keys()].sort((a, b) => a - b)) {
    const alone = structureOf(execute({ kind: 'only', output: id }).text);
    const output = outputs[id];
    if (output && !sameStructure(alone, baseline)) {
      throw structureError(output, real.written.get(id) ?? '', alone, file);
    }
  }
  throw new ManifestError(
    file,
    undefined,
    undefined,
    'the template variables together change the YAML structure (they add or remove keys, items or documents). Quote values in the manifest, such as "{{name}}", and keep them to one line.',
  );
}

function sameStructure(a: Structure, b: Structure): boolean {
  return 'shape' in a && 'shape' in b && a.shape === b.shape;
}

function uniqueMissing(missing: MissingVariable[]): MissingVariable[] {
  const seen = new Set<string>();
  return missing.filter((entry) => {
    const key = `${entry.name}@${entry.line}:${entry.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
