// Faults of the cluster's own components, by the PID this project started: a restart with the
// same command line, environment and directory (read from /proc), and a pause (SIGSTOP, SIGCONT).
import { openSync, readFileSync, readlinkSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { isAlive, type StartedProcess } from '../../cluster/processes.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function nulSeparated(file: string): string[] {
  return readFileSync(file, 'utf8').split('\0').filter(Boolean);
}

/**
 * Stops a started process by its PID and starts it again as it was; the returned process replaces
 * the old one in the cluster's list, so the cluster's stop ends the new PID.
 */
export async function restart(started: StartedProcess, downMs = 0): Promise<StartedProcess> {
  const [command, ...args] = nulSeparated(`/proc/${started.pid}/cmdline`);
  const env = Object.fromEntries(
    nulSeparated(`/proc/${started.pid}/environ`).map((entry) => {
      const at = entry.indexOf('=');
      return [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
  const cwd = readlinkSync(`/proc/${started.pid}/cwd`);
  if (!command) throw new Error(`${started.name} (${started.pid}) has no command line`);
  process.kill(started.pid, 'SIGTERM');
  for (let waited = 0; isAlive(started.pid) && waited < 10_000; waited += 50) await sleep(50);
  if (isAlive(started.pid)) process.kill(started.pid, 'SIGKILL');
  await sleep(downMs);
  const out = openSync(started.logFile, 'a');
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
  if (child.pid === undefined) throw new Error(`Could not restart ${started.name}`);
  child.unref();
  return { ...started, pid: child.pid };
}

/** Freezes a started process for `ms`, then lets it go on. */
export async function pause(started: StartedProcess, ms: number): Promise<void> {
  process.kill(started.pid, 'SIGSTOP');
  try {
    await sleep(ms);
  } finally {
    process.kill(started.pid, 'SIGCONT');
  }
}
