// Reads a step's stdout as the Actions runner does, to find the lines it would act on as
// workflow commands: `::name…` at the start of a line (after white space) and the legacy `##[`
// anywhere, except between `::stop-commands::<token>` and `::<token>::`.

/** Lines the runner would take as commands, in order. */
export function commandsTheRunnerSees(stdout: string): string[] {
  const commands: string[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart();
    if (stopToken !== undefined) {
      if (trimmed === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(trimmed);
    if (stop?.[1]) {
      stopToken = stop[1];
      continue;
    }
    if (trimmed.startsWith('::') || line.includes('##[')) commands.push(line);
  }
  return commands;
}
