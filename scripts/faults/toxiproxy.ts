// toxiproxy between the action and kube-apiserver: started from the cached component, its API and
// every proxy bound to 127.0.0.1 only, stopped by its PID. Toxics are added and removed over its API.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureTool } from '../../cluster/components.ts';
import { startProcess, stopProcesses, type StartedProcess } from '../../cluster/processes.ts';
import { freePort } from '../../cluster/start.ts';

export interface Toxic {
  name: string;
  type: 'latency' | 'bandwidth' | 'slow_close' | 'timeout' | 'reset_peer' | 'slicer' | 'limit_data';
  stream: 'upstream' | 'downstream';
  /** The share of connections it applies to, 0 to 1. */
  toxicity: number;
  attributes: Record<string, number>;
}

export interface Toxiproxy {
  process: StartedProcess;
  /** The proxy's address, as a kubeconfig's server: https://127.0.0.1:<port>. */
  server: string;
  add: (toxic: Toxic) => Promise<void>;
  remove: (name: string) => Promise<void>;
  /** Removes every toxic. */
  reset: () => Promise<void>;
  stop: () => Promise<void>;
}

const proxyName = 'kube-apiserver';

/** Starts toxiproxy with one proxy in front of `upstreamPort` (kube-apiserver) on 127.0.0.1. */
export async function startToxiproxy(dir: string, upstreamPort: number): Promise<Toxiproxy> {
  const toxiproxy = await ensureTool('toxiproxy');
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const apiPort = await freePort();
  // Its defaults are host "localhost" (which may also mean ::1) and a fixed port 8474; both are set here.
  const process = startProcess('toxiproxy', toxiproxy, ['-host', '127.0.0.1', '-port', String(apiPort)], {
    dir,
    env: { LOG_LEVEL: 'warn' },
  });
  const api = `http://127.0.0.1:${apiPort}`;
  const send = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${api}${route}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`toxiproxy ${method} ${route}: HTTP ${response.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const started = Date.now();
  for (;;) {
    try {
      await send('GET', '/version');
      break;
    } catch (error) {
      if (Date.now() - started > 10_000) {
        await stopProcesses([process]);
        throw new Error(`toxiproxy did not start within 10 s (see ${process.logFile})`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const listenPort = await freePort();
  await send('POST', '/proxies', {
    name: proxyName,
    listen: `127.0.0.1:${listenPort}`,
    upstream: `127.0.0.1:${upstreamPort}`,
    enabled: true,
  });
  return {
    process,
    server: `https://127.0.0.1:${listenPort}`,
    add: async (toxic) => {
      await send('POST', `/proxies/${proxyName}/toxics`, toxic);
    },
    remove: async (name) => {
      await send('DELETE', `/proxies/${proxyName}/toxics/${name}`);
    },
    reset: async () => {
      await send('POST', '/reset');
    },
    stop: () => stopProcesses([process]),
  };
}
