// In the action, the files it reads (resource, vars) must lie inside the workspace: a deploy
// step should read nothing else of the runner. Symlinks are followed before the check, so a
// link in the repository cannot point outside it. The command line reads what its user names.
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** Undefined when `file` (relative to `workspace`) is inside it; else what is wrong and what to do. */
export function outsideWorkspaceProblem(file: string, workspace: string, described: string): string | undefined {
  const root = realOrResolved(workspace);
  const target = realOrResolved(path.resolve(workspace, file));
  const relative = path.relative(root, target);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) return undefined;
  return `${described} '${file}' is outside the workspace${target !== path.resolve(workspace, file) ? ` (it leads to ${target})` : ''}: the action reads only files of the checked-out repository. Give a path inside it, relative to the workspace.`;
}

function realOrResolved(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
