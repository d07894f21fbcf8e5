// Scripted failures may be plain objects shaped as a client's error ({ code, body, headers });
// promises reject with Errors, so such an object becomes an Error carrying the same fields.
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  return Object.assign(new Error('scripted failure'), value);
}
