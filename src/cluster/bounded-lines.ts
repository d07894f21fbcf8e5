// Splits a stream of text into lines, with a cap on each line's length: a container that writes a
// gigabyte without a line break must not make the step hold a gigabyte. A cut line says so.

/** Longer lines are cut: far more than anyone reads in a log, far less than a runner's memory. */
export const maxLineChars = 64 * 1024;

/** Lines of the text, split at `\n` (a `\r` before it goes too), each cut to `max` characters. */
export async function* boundedLines(chunks: AsyncIterable<string>, max = maxLineChars): AsyncGenerator<string> {
  let line = '';
  let dropped = 0;
  const finish = (): string => {
    const text = dropped > 0 ? `${line}… [line cut: ${dropped} more characters]` : line.replace(/\r$/, '');
    line = '';
    dropped = 0;
    return text;
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', from);
      const end = newline === -1 ? chunk.length : newline;
      const room = max - line.length;
      const length = end - from;
      if (length <= room) line += chunk.slice(from, end);
      else {
        line += chunk.slice(from, from + room);
        dropped += length - room;
      }
      if (newline === -1) break;
      yield finish();
      from = newline + 1;
    }
  }
  if (line !== '' || dropped > 0) yield finish();
}
