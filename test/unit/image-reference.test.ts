import { describe, expect, it } from '@jest/globals';
import { imageReferenceProblem } from '../../src/image-reference.ts';

describe('imageReferenceProblem', () => {
  it.each([
    'ghcr.io/navikt/my-job:1.2.3',
    'ghcr.io/navikt/my-job',
    'europe-north1-docker.pkg.dev/nais-management/team/job:2026.11.23-abc1234',
    'localhost:5000/job:latest',
    'busybox',
    'library/busybox:1.36',
    `ghcr.io/navikt/job@sha256:${'a'.repeat(64)}`,
    `ghcr.io/navikt/job:1@sha256:${'b'.repeat(64)}`,
    'registry.example.com:443/a__b/c-d:v_1.0-rc.1',
  ])('accepts %s', (value) => {
    expect(imageReferenceProblem(value, "Input 'image'")).toBeUndefined();
  });

  it.each([
    ['ghcr.io/navikt/my-job:bad tag', /white space/],
    ['ghcr.io/navikt/My-Job:1', /lower case/],
    ['ghcr.io/navikt/job:', /the tag after ":" is empty/],
    ['ghcr.io/navikt/job:1:2', /more than one tag/],
    ['ghcr.io/navikt/job@sha256:123', /not an image reference/],
    ['', /not an image reference/],
    ['-job', /not an image reference/],
  ])('rejects %j', (value, hint) => {
    const problem = imageReferenceProblem(value, "Input 'image'");
    expect(problem).toMatch(hint);
    expect(problem).toContain(`Input 'image' has the value '${value}'`);
  });
});
