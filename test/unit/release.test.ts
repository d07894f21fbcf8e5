import { describe, expect, it } from '@jest/globals';
import { changelogSection, majorTag, releaseProblem } from '../../scripts/release/changelog.ts';

const changelog = `# Changelog

## Unreleased

- next

## v1.2.0 (2026-12-01)

- keyless access
- a chart

## v1.1.10

- older
`;

describe('release checks', () => {
  it.each([
    ['1.2.0', 'v1'],
    ['12.0.3', 'v12'],
    ['v1.2.0', undefined],
    ['1.2', undefined],
    ['1.2.0-rc.1', undefined],
  ])('major tag of %s is %s', (version, tag) => {
    expect(majorTag(version)).toBe(tag);
  });

  it('takes one version section, not a longer version that starts the same', () => {
    expect(changelogSection(changelog, '1.2.0')).toBe('- keyless access\n- a chart');
    expect(changelogSection(changelog, '1.1.1')).toBeUndefined();
    expect(changelogSection(changelog, '1.1.10')).toBe('- older');
  });

  it.each([
    ['1.2', '1.2', /not a version X\.Y\.Z/],
    ['1.2.0', '1.1.10', /package\.json has the version 1\.1\.10, not 1\.2\.0/],
    ['1.3.0', '1.3.0', /CHANGELOG\.md has no section '## v1\.3\.0'/],
  ])('refuses %s with package.json at %s', (version, packageVersion, message) => {
    expect(releaseProblem(version, packageVersion, changelog)).toMatch(message);
  });

  it('lets a described version through', () => {
    expect(releaseProblem('1.2.0', '1.2.0', changelog)).toBeUndefined();
  });
});
