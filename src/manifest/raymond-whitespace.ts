// Standalone lines and `~` as NAIS deploy's template engine, Go's aymerick/raymond v2.0.2, handles them
// (parser/whitespace.go). It follows handlebars.js's whitespace control with two differences that change
// real manifests, so handlebars.js's own pass is replaced by this one:
// - whether a tag stands alone on its line is judged on the text as already trimmed by earlier tags, not on
//   the original text; so in an indented nest, "  {{/if}}" after "    {{/if}}" is not standalone and its
//   indentation and line break stay;
// - in the top-level template, the text after a tag counts as ending its line when it is only spaces, even
//   where more tags follow on that line (handlebars.js allows this only for the template's last text).
// The facts are raymond's; the code is our own.
import Handlebars from 'handlebars';

/** What a statement asks of its neighbours: `~` on either side, and whether it may stand alone on its line. */
interface Strip {
  open: boolean;
  close: boolean;
  openStandalone?: boolean;
  closeStandalone?: boolean;
  inlineStandalone?: boolean;
}

type Content = hbs.AST.ContentStatement & { leftStripped?: boolean; rightStripped?: boolean };
/** An {{else if}} chain's inverse is marked `chained`; the types leave the mark out. */
type Program = hbs.AST.Program & { chained?: boolean };

/** Go's regexp `\s`: ASCII whitespace only. */
const goSpace = ' \t\n\f\r';

/** Parses a template and applies raymond's whitespace control; compile it with `ignoreStandalone: true`. */
export function parseLikeRaymond(source: string): hbs.AST.Program {
  const program = Handlebars.parseWithoutProcessing(source);
  new WhitespaceControl().program(program);
  return program;
}

class WhitespaceControl {
  private rootSeen = false;

  program(program: hbs.AST.Program): void {
    const isRoot = !this.rootSeen;
    this.rootSeen = true;
    const body = program.body;
    body.forEach((current, i) => {
      const strip = this.statement(current);
      if (!strip) return;
      const afterWhitespace = isPrevWhitespace(body, i, isRoot);
      const beforeWhitespace = isNextWhitespace(body, i, isRoot);

      if (strip.close) omitRight(body, i, true);
      if (strip.open && i > 0) omitLeft(body, i, true);
      if (strip.inlineStandalone && afterWhitespace && beforeWhitespace) {
        omitRight(body, i, false);
        omitLeft(body, i, false);
      }
      if (current.type !== 'BlockStatement') return;
      const block = current as hbs.AST.BlockStatement;
      const program = blockProgram(block);
      const inverse = blockInverse(block);
      if (strip.openStandalone && afterWhitespace) {
        const first = program ?? inverse;
        if (first) omitRight(first.body, -1, false);
        omitLeft(body, i, false);
      }
      if (strip.closeStandalone && beforeWhitespace) {
        omitRight(body, i, false);
        const last = inverse ?? program;
        if (last) omitLeft(last.body, last.body.length, false);
      }
    });
  }

  private statement(node: hbs.AST.Statement): Strip | undefined {
    switch (node.type) {
      case 'BlockStatement':
        return this.block(node as hbs.AST.BlockStatement);
      case 'MustacheStatement':
        return flags((node as hbs.AST.MustacheStatement).strip);
      case 'CommentStatement':
      case 'PartialStatement':
        return { ...flags((node as { strip?: hbs.AST.StripFlags }).strip), inlineStandalone: true };
      default:
        return undefined;
    }
  }

  private block(block: hbs.AST.BlockStatement): Strip {
    const own = blockProgram(block);
    const otherwise = blockInverse(block);
    if (own) this.program(own);
    if (otherwise) this.program(otherwise);

    // An inverse-only block ({{^x}}) is treated as a block whose program is that inverse.
    const program = own ?? otherwise;
    const inverse: Program | undefined = own ? otherwise : undefined;
    if (!program) return { open: false, close: false };
    let firstInverse: Program | undefined = inverse;
    let lastInverse: Program | undefined = inverse;
    if (inverse?.chained) {
      firstInverse = blockProgram(inverse.body[0] as hbs.AST.BlockStatement);
      while (lastInverse?.chained) {
        lastInverse = blockProgram(lastInverse.body[lastInverse.body.length - 1] as hbs.AST.BlockStatement);
      }
    }

    const openStrip = flags(block.openStrip);
    const closeStrip = flags(block.closeStrip);
    const strip: Strip = {
      open: openStrip.open,
      close: closeStrip.close,
      openStandalone: isNextWhitespace(program.body, -1, false),
      closeStandalone: isPrevWhitespace((firstInverse ?? program).body, (firstInverse ?? program).body.length, false),
    };
    if (openStrip.close) omitRight(program.body, -1, true);
    if (inverse && firstInverse && lastInverse) {
      const inverseStrip = flags(block.inverseStrip);
      if (inverseStrip.open) omitLeft(program.body, program.body.length, true);
      if (inverseStrip.close) omitRight(firstInverse.body, -1, true);
      if (closeStrip.open) omitLeft(lastInverse.body, lastInverse.body.length, true);
      // A standalone {{else}}.
      if (
        isPrevWhitespace(program.body, program.body.length, false) &&
        isNextWhitespace(firstInverse.body, -1, false)
      ) {
        omitLeft(program.body, program.body.length, false);
        omitRight(firstInverse.body, -1, false);
      }
    } else if (closeStrip.open) {
      omitLeft(program.body, program.body.length, true);
    }
    return strip;
  }
}

/** The types say both are always there; either may be absent. */
function blockProgram(block: hbs.AST.BlockStatement): hbs.AST.Program | undefined {
  const program: hbs.AST.Program | undefined = block.program;
  return program;
}
function blockInverse(block: hbs.AST.BlockStatement): hbs.AST.Program | undefined {
  const inverse: hbs.AST.Program | undefined = block.inverse;
  return inverse;
}

function flags(strip: hbs.AST.StripFlags | undefined): Strip {
  return { open: strip?.open ?? false, close: strip?.close ?? false };
}

function contentAt(body: hbs.AST.Statement[], index: number): Content | undefined {
  const node = body[index];
  return node?.type === 'ContentStatement' ? (node as Content) : undefined;
}

/** Whether the text before `body[i]` ends a line (or starts the template), judged on the trimmed text. */
function isPrevWhitespace(body: hbs.AST.Statement[], i: number, isRoot: boolean): boolean {
  if (i < 1) return isRoot;
  const previous = body[i - 1];
  const content = contentAt(body, i - 1);
  if (!content || !previous) return false;
  if (content.value === '' && content.rightStripped) return true;
  // whitespace.go's `\r?\n\s*?$`, or `(^|\r?\n)\s*?$` for the root's first text: its trailing whitespace holds
  // a line break (or is all of it). Counted, not matched, to stay linear on long blank runs.
  const trailing = content.value.length - trimEnd(content.value, goSpace).length;
  const run = content.value.slice(content.value.length - trailing);
  return run.includes('\n') || (i === 1 && isRoot && trailing === content.value.length);
}

/** Whether the text after `body[i]` starts with a line break, judged on the trimmed text (raymond's rule). */
function isNextWhitespace(body: hbs.AST.Statement[], i: number, isRoot: boolean): boolean {
  if (i + 1 >= body.length) return isRoot;
  const content = contentAt(body, i + 1);
  if (!content) return false;
  if (content.value === '' && content.leftStripped) return true;
  // whitespace.go's `^\s*?\r?\n`, or in the root `^\s*?(\r?\n|$)`, also where another node follows (handlebars.js
  // allows the end only for the root's last text): its leading whitespace holds a line break (or is all of it).
  const run = content.value.slice(0, content.value.length - trimStart(content.value, goSpace).length);
  return run.includes('\n') || (isRoot && run.length === content.value.length);
}

/** Trims the start of the text after `body[i]`: one line's spaces and its line break, or (`multiple`) all of it. */
function omitRight(body: hbs.AST.Statement[], i: number, multiple: boolean): void {
  const content = contentAt(body, i + 1);
  if (!content || (!multiple && content.rightStripped)) return;
  const original = content.value;
  content.value = multiple ? trimStart(original, goSpace) : trimLineStart(original);
  content.rightStripped = content.value !== original;
}

/** Trims the end of the text before `body[i]`: its spaces and tabs, or (`multiple`) all whitespace. */
function omitLeft(body: hbs.AST.Statement[], i: number, multiple: boolean): boolean {
  const content = contentAt(body, i - 1);
  if (!content || (!multiple && content.leftStripped)) return false;
  const original = content.value;
  content.value = trimEnd(original, multiple ? goSpace : ' \t');
  content.leftStripped = content.value !== original;
  return content.leftStripped;
}

function trimStart(text: string, characters: string): string {
  let start = 0;
  while (start < text.length && characters.includes(text.charAt(start))) start += 1;
  return text.slice(start);
}

function trimEnd(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

/** Go's `^[ \t]*\r?\n?`. */
function trimLineStart(text: string): string {
  let rest = trimStart(text, ' \t');
  if (rest.startsWith('\r')) rest = rest.slice(1);
  if (rest.startsWith('\n')) rest = rest.slice(1);
  return rest;
}
