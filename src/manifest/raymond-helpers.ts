// The block helpers of NAIS deploy's template engine, Go's aymerick/raymond v2.0.2 (helper.go, utils.go),
// for a handlebars.js environment. The facts are raymond's; the code is our own.
import type Handlebars from 'handlebars';
import { ManifestError } from './errors.ts';
import { MappingValueError, valueToText } from './text.ts';

type Options = Handlebars.HelperOptions & { loc?: hbs.AST.SourceLocation; name?: string };
type Helper = (this: unknown, ...args: unknown[]) => unknown;

/**
 * raymond's `IsTrue` (utils.go, after Go's text/template): nil, false, 0, "", an empty list and an empty
 * mapping are false; everything else is true. handlebars.js differs: `{}` is true there, and `with` renders
 * 0. Values reach raymond through JSON, so there are no other Go kinds to care about.
 */
export function isTrue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/**
 * Replaces the built-in block helpers of `environment` by raymond's: `if`, `unless`, `with` and `each` decide
 * with {@link isTrue}; `equal` and `lookup` are raymond's own. `includeZero` is not honoured: raymond honours it
 * only for a Go int, and every number a template sees is a float64 (vars file) or text (`var`).
 */
export function registerRaymondHelpers(environment: typeof Handlebars, file: string): void {
  const builtIn = (name: string): Helper => {
    const helper = environment.helpers[name] as Helper | undefined;
    if (!helper) throw new Error(`internal error: handlebars has no '${name}' helper`);
    return helper;
  };
  const builtInWith = builtIn('with');

  const requireOne = (name: string, args: unknown[]): [unknown, Options] => {
    if (args.length !== 2) {
      const options = args.at(-1) as Options;
      throw new ManifestError(
        file,
        options.loc?.start.line,
        options.loc ? options.loc.start.column + 1 : undefined,
        `{{#${name}}} takes exactly one value, such as {{#${name} enabled}}.`,
      );
    }
    return [args[0], args[1] as Options];
  };

  environment.registerHelper('if', function (this: unknown, ...args: unknown[]) {
    const [value, options] = requireOne('if', args);
    return isTrue(value) ? options.fn(this) : options.inverse(this);
  });
  environment.registerHelper('unless', function (this: unknown, ...args: unknown[]) {
    const [value, options] = requireOne('unless', args);
    return isTrue(value) ? options.inverse(this) : options.fn(this);
  });
  // with keeps handlebars.js's own context, @data and block parameter handling once the value is true.
  environment.registerHelper('with', function (this: unknown, ...args: unknown[]) {
    const [value, options] = requireOne('with', args);
    return isTrue(value) ? builtInWith.call(this, value, options) : options.inverse(this);
  });
  // helper.go eachHelper: a list's items or a mapping's entries (in file order here; Go's map order is random),
  // with @index, @first, @last, and @key for mappings only. Any other true value renders nothing, not {{else}}.
  environment.registerHelper('each', function (this: unknown, ...args: unknown[]) {
    const [value, options] = requireOne('each', args);
    if (!isTrue(value)) return options.inverse(this);
    const entries = eachEntries(value);
    return entries
      .map(([key, item], index) => {
        const data = environment.createFrame((options.data as object | undefined) ?? {}) as Record<string, unknown>;
        Object.assign(data, { index, first: index === 0, last: index === entries.length - 1 });
        if (!Array.isArray(value)) data.key = key;
        return options.fn(item, { data, blockParams: [item, key] });
      })
      .join('');
  });

  // helper.go equalHelper: compares the two values as text and renders nothing when they differ, so an
  // {{else}} inside {{#equal}} is parsed but never rendered.
  environment.registerHelper('equal', function (this: unknown, a: unknown, b: unknown, options: Options) {
    return textOf(a, options, 'equal') === textOf(b, options, 'equal') ? options.fn(this) : '';
  });

  // helper.go lookupHelper: the field's value as text (raymond's Str), so (lookup m "k") gives text, never a
  // mapping to walk into. A list field is its items joined, as {{list}} is.
  environment.registerHelper('lookup', function (this: unknown, object: unknown, field: unknown, options: Options) {
    return textOf(fieldOf(object, field), options, 'lookup');
  });

  function textOf(value: unknown, options: Options, helper: string): string {
    try {
      return valueToText(value);
    } catch (error) {
      if (!(error instanceof MappingValueError)) throw error;
      throw new ManifestError(
        file,
        options.loc?.start.line,
        options.loc ? options.loc.start.column + 1 : undefined,
        `{{${helper}}} got a mapping, which NAIS deploy's template engine turns into Go's map[...] text, never what was meant. Give it a field of the mapping instead.`,
      );
    }
  }
}

/** What `each` walks: a list's items by index, a mapping's entries; nothing for other values. */
export function eachEntries(value: unknown): [string | number, unknown][] {
  if (Array.isArray(value)) return value.map((item, index): [number, unknown] => [index, item]);
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  return [];
}

/**
 * raymond's `evalField` for a lookup: a mapping's key exactly as written (case-sensitive), a list's item by
 * its decimal index; nothing else (no `length`, no inherited properties).
 */
export function fieldOf(object: unknown, field: unknown): unknown {
  const name = valueToText(field);
  if (Array.isArray(object)) {
    return /^\d+$/.test(name) && Number(name) < object.length ? object[Number(name)] : undefined;
  }
  if (typeof object === 'object' && object !== null && Object.hasOwn(object, name)) {
    return (object as Record<string, unknown>)[name];
  }
  return undefined;
}
