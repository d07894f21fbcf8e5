// How a waited-for Job ended, from what was seen: why tracking stopped and the Job's verdict.
// The one place that maps the tracker's end onto the step's result and onto the failure report.
import type { TrackingEnd } from './job-tracker.ts';
import type { FailureInput } from './failure-input.ts';
import type { JobVerdict } from './verdict.ts';

/** The step's word on one Job, as its outputs and summary say it. */
export type JobResult = 'succeeded' | 'failed' | 'timed-out' | 'cancelled';

export interface RunEnd {
  result: JobResult;
  /** What the failure report explains; undefined when the Job succeeded or was deleted under the step. */
  explain: FailureInput['outcome'] | undefined;
  /** The Job was deleted while the step waited: nothing to explain but that. */
  deleted: boolean;
}

export function runEnd(end: TrackingEnd, verdict: JobVerdict): RunEnd {
  switch (end) {
    case 'terminal':
      return verdict.state === 'succeeded'
        ? { result: 'succeeded', explain: undefined, deleted: false }
        : { result: 'failed', explain: 'failed', deleted: false };
    case 'stuck':
      return { result: 'failed', explain: 'stuck', deleted: false };
    case 'deleted':
      return { result: 'failed', explain: undefined, deleted: true };
    case 'timed-out':
      return { result: 'timed-out', explain: 'timed-out', deleted: false };
    case 'cancelled':
      return { result: 'cancelled', explain: 'cancelled', deleted: false };
  }
}
