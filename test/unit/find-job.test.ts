import { describe, expect, it } from '@jest/globals';
import { naiseratorJobName } from '../../src/job/find-job.ts';

describe('naiseratorJobName', () => {
  it.each([
    ['hello', 2, 'hello-2'],
    ['a'.repeat(52), 13, `${'a'.repeat(48)}-13`],
  ])('%s, generation %d → %s', (name, generation, expected) => {
    expect(naiseratorJobName(name, generation)).toBe(expected);
  });
});
