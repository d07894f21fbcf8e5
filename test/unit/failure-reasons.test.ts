import { describe, expect, it } from '@jest/globals';
import { explainReason } from '../../src/job/failure-reasons.ts';

describe('explainReason', () => {
  it.each([
    'BackoffLimitExceeded',
    'DeadlineExceeded',
    'PodFailurePolicy',
    'MaxFailedIndexesExceeded',
    'FailedIndexes',
    'OOMKilled',
    'Error',
    'ContainerCannotRun',
    'ImagePullBackOff',
    'ErrImagePull',
    'InvalidImageName',
    'CreateContainerConfigError',
    'CreateContainerError',
    'Unschedulable',
    'Evicted',
    'Completed',
  ])('explains %s', (reason) => {
    expect(explainReason(reason)).toMatch(/^[A-Z].*\.$/);
  });

  it.each([undefined, '', 'Mystery', 'constructor', 'toString'])('has nothing for %p', (reason) => {
    expect(explainReason(reason)).toBeUndefined();
  });

  it('tells what to change for OOMKilled', () => {
    expect(explainReason('OOMKilled')).toContain('spec.resources.limits.memory');
  });
});
