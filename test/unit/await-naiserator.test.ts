import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { KubeObject } from '../../src/cluster/gateway.ts';
import { awaitNaiserator } from '../../src/deploy/await-naiserator.ts';
import { FakeGateway } from '../support/fake-gateway.ts';

/** The shared fake gateway, with the Naisjob as the test has it at each read. */
function fakeGateway(live: () => KubeObject | undefined) {
  const fake = new FakeGateway();
  const state = { reads: 0 };
  fake.readNaisjob = () => {
    state.reads += 1;
    return Promise.resolve(live());
  };
  return {
    gateway: fake,
    state,
    watching: fake.watching('/events'),
    send: (event: CoreV1Event) => {
      fake.emit('/events', 'ADDED', event);
    },
  };
}

const naiseratorEvent = (reason: string, id: string | undefined, name = 'job'): CoreV1Event => ({
  metadata: id === undefined ? {} : { annotations: { 'nais.io/deploymentCorrelationID': id } },
  involvedObject: { kind: 'Naisjob', name },
  reason,
  message: `${reason} message`,
  reportingComponent: 'naiserator',
  lastTimestamp: new Date(),
});
const naisjob = (id: string): KubeObject => ({
  metadata: { name: 'job', annotations: { 'nais.io/deploymentCorrelationID': id } },
});
const request = (progress: string[] = [], deadline = Date.now() + 10_000) => ({
  namespace: 'team',
  names: ['job'],
  correlationId: 'mine',
  eventsResourceVersion: '1',
  deadline,
  signal: new AbortController().signal,
  onProgress: (_name: string, text: string) => progress.push(text),
});
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

describe('awaitNaiserator', () => {
  it('reports a newer deploy at once, naming its correlation ID', async () => {
    let annotated = 'mine';
    const fake = fakeGateway(() => naisjob(annotated));
    const waiting = awaitNaiserator(fake.gateway, request());
    await fake.watching;
    // An older deploy's late event: the Naisjob is still this deploy's, so it waits on.
    fake.send(naiseratorEvent('RolloutComplete', 'older'));
    await settle();
    annotated = 'newer';
    fake.send(naiseratorEvent('Synchronized', 'newer'));
    const verdict = (await waiting).get('job');
    expect(verdict?.state).toBe('redeployed');
    expect(verdict?.message).toMatch(/correlation ID 'newer', not this deploy's mine.*superseded/);
    expect(fake.state.reads).toBe(2);
  });

  it("succeeds on its own RolloutComplete, passing other events on once, the CronJob's too", async () => {
    const progress: string[] = [];
    const fake = fakeGateway(() => naisjob('mine'));
    const waiting = awaitNaiserator(fake.gateway, request(progress));
    await fake.watching;
    fake.send(naiseratorEvent('Synchronized', 'mine'));
    fake.send(naiseratorEvent('Synchronized', 'mine'));
    fake.send({
      metadata: {},
      involvedObject: { kind: 'CronJob', name: 'job' },
      reason: 'FailedCreate',
      message: 'Error creating job',
      reportingComponent: 'cronjob-controller',
      lastTimestamp: new Date(Date.now() + 1000),
    });
    fake.send(naiseratorEvent('RolloutComplete', 'mine'));
    expect((await waiting).get('job')?.state).toBe('synchronised');
    expect(progress).toEqual([
      'Naisjob/job (Synchronized): Synchronized message',
      'CronJob/job (FailedCreate): Error creating job',
      'Naisjob/job (RolloutComplete): RolloutComplete message',
    ]);
    expect(fake.state.reads).toBe(0);
  });

  it('says redeployed when naiserator reports without any correlation ID', async () => {
    const fake = fakeGateway(() => naisjob('mine'));
    const waiting = awaitNaiserator(fake.gateway, request());
    await fake.watching;
    fake.send(naiseratorEvent('Synchronized', undefined));
    const verdict = (await waiting).get('job');
    expect(verdict).toMatchObject({ state: 'redeployed' });
    expect(verdict?.message).toMatch(/without any correlation ID/);
  });

  it('at the deadline, names a newer deploy rather than a time-out', async () => {
    const fake = fakeGateway(() => naisjob('newer'));
    const verdict = (await awaitNaiserator(fake.gateway, request([], Date.now() + 50))).get('job');
    expect(verdict?.state).toBe('redeployed');
    expect(verdict?.message).toMatch(/'newer'/);
  });

  it('times out when nothing comes and the Naisjob is still this deploy’s', async () => {
    const fake = fakeGateway(() => naisjob('mine'));
    const verdict = (await awaitNaiserator(fake.gateway, request([], Date.now() + 50))).get('job');
    expect(verdict?.state).toBe('timed-out');
  });

  it('says once, after a quiet while, what it waits for and that naiserator skips an unchanged spec silently', async () => {
    const fake = fakeGateway(() => ({ ...naisjob('mine'), status: { synchronizationState: 'RolloutComplete' } }));
    const progress: string[] = [];
    const waiting = awaitNaiserator(fake.gateway, { ...request(progress, Date.now() + 200), quietAfterMs: 20 });
    const verdict = (await waiting).get('job');
    expect(verdict?.state).toBe('timed-out');
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatch(
      /^No word from naiserator on Naisjob job for 0s\. .*correlation ID mine \(its last state: RolloutComplete\)\. naiserator stays silent when it sees a spec as unchanged/,
    );
  });

  it('says nothing of the kind once naiserator has spoken', async () => {
    const fake = fakeGateway(() => naisjob('mine'));
    const progress: string[] = [];
    const waiting = awaitNaiserator(fake.gateway, { ...request(progress, Date.now() + 200), quietAfterMs: 50 });
    await fake.watching;
    fake.send(naiseratorEvent('Synchronized', 'mine'));
    await waiting;
    expect(progress.filter((line) => line.startsWith('No word'))).toEqual([]);
  });
});
