// Maps the API server's strict field validation errors back to the file and line of the field.
import type { ApiStatus } from '../cluster/api-errors.ts';
import { lineOf, type ManifestDocument } from '../manifest/parse.ts';

export interface FieldProblem {
  field: string;
  line: number;
  message: string;
}

/**
 * Unknown and duplicate fields come as `strict decoding error: unknown field "spec.x", ...` in
 * the message; schema violations (wrong type, pattern, enum) as causes with a field path.
 */
export function fieldProblems(status: ApiStatus | undefined, doc: ManifestDocument): FieldProblem[] {
  if (!status) return [];
  const problems: FieldProblem[] = [];
  const message = status.message ?? '';
  for (const match of message.matchAll(/(unknown|duplicate) field "([^"]+)"/g)) {
    const field = match[2] ?? '';
    const kind = match[1] === 'unknown' ? 'unknown field' : 'duplicate field';
    problems.push({
      field,
      line: lineOf(doc, field),
      message: `${kind} '${field}': it might be misspelled, wrongly indented or unsupported by the Naisjob resource (fields are case sensitive).`,
    });
  }
  for (const cause of status.details?.causes ?? []) {
    if (!cause.field || /^(unknown|duplicate) field/.test(cause.message ?? '')) continue;
    if (isSkippedRulesNote(cause)) continue;
    if (problems.some((p) => p.field === cause.field)) continue;
    problems.push({
      field: cause.field,
      line: lineOf(doc, cause.field),
      message: `${cause.field}: ${cause.message ?? cause.reason ?? 'invalid'}`,
    });
  }
  return problems;
}

/**
 * The API server adds, after real findings, a cause with no field (`<nil>`) saying that some CEL rules
 * were not checked because the object was already invalid. It names no line (it would land on line 1)
 * and goes away with the real findings, so it is no finding of its own.
 */
export function isSkippedRulesNote(cause: { field?: string; message?: string }): boolean {
  return (
    (cause.field === '<nil>' || cause.field === '') &&
    /some validation rules were not checked/i.test(cause.message ?? '')
  );
}
