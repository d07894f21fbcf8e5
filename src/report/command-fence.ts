// Whether the runner's command processing is stopped (a job's log is being printed between
// `::stop-commands::` and its token). A command written then would show as raw text and do
// nothing, so debug lines and annotations wait here until the fence closes.

/** Held commands beyond this are counted, not kept, so a chatty wait cannot grow memory. */
const maxHeld = 10_000;

let openFences = 0;
let held: (() => void)[] = [];
let dropped = 0;

/** Runs `write` now, or when the open fence closes. */
export function whenCommandsWork(write: () => void): void {
  if (openFences === 0) {
    write();
  } else if (held.length < maxHeld) {
    held.push(write);
  } else {
    dropped += 1;
  }
}

export function fenceOpened(): void {
  openFences += 1;
}

/** Closes a fence; when none is left open, writes what was held, in order. */
export function fenceClosed(onDropped: (count: number) => void): void {
  openFences = Math.max(0, openFences - 1);
  if (openFences > 0) return;
  const writes = held;
  const lost = dropped;
  held = [];
  dropped = 0;
  for (const write of writes) write();
  if (lost > 0) onDropped(lost);
}
