// Starting and stopping the cluster's processes: each one detached, logging to a file,
// remembered by PID, and stopped only by that PID.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import path from 'node:path';

export interface StartedProcess {
  name: string;
  pid: number;
  logFile: string;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { dir: string; env?: NodeJS.ProcessEnv; cwd?: string },
): StartedProcess {
  const logFile = path.join(options.dir, 'logs', `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd ?? options.dir,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`Could not start ${name} (${command})`);
  child.unref();
  return { name, pid: child.pid, logFile };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the given processes in reverse start order: SIGTERM, then SIGKILL after a grace. */
export async function stopProcesses(processes: StartedProcess[], graceMs = 5000): Promise<void> {
  for (const started of [...processes].reverse()) {
    if (!isAlive(started.pid)) continue;
    try {
      process.kill(started.pid, 'SIGTERM');
    } catch {
      continue;
    }
    const deadline = Date.now() + graceMs;
    while (isAlive(started.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (isAlive(started.pid)) process.kill(started.pid, 'SIGKILL');
  }
}

/** Synchronous last resort for process exit handlers. */
export function killProcessesNow(processes: StartedProcess[]): void {
  for (const started of processes) {
    try {
      process.kill(started.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
