import { isAlias, isMap, isPair, isSeq, parseAllDocuments } from 'yaml';

/** The shape of a YAML stream, or the first error that stops it from parsing. */
export type Structure = { shape: string } | { error: string };

/**
 * Describes a YAML stream by its documents, collections and their sizes, ignoring scalar text.
 * Two renders of one template have the same structure exactly when no value added or removed
 * keys, items or documents. Keys count by position, since keys may themselves be templated.
 */
export function structureOf(text: string): Structure {
  const documents = parseAllDocuments(text, { merge: true });
  const shapes: string[] = [];
  for (const document of documents) {
    const error = document.errors[0];
    if (error) return { error: error.message };
    if (document.contents !== null) shapes.push(shapeOf(document.contents));
  }
  return { shape: shapes.join('---') };
}

function shapeOf(node: unknown): string {
  if (isMap(node)) {
    const entries = node.items.map((pair) => (isPair(pair) ? `${shapeOf(pair.key)}:${shapeOf(pair.value)}` : '?'));
    return `{${entries.join(',')}}`;
  }
  if (isSeq(node)) return `[${node.items.map(shapeOf).join(',')}]`;
  if (isAlias(node)) return '*';
  return 's';
}
