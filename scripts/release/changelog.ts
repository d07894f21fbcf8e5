// The release workflow's checks on what it is asked to release: a version X.Y.Z that package.json
// carries and that has its own section in CHANGELOG.md, whose text becomes the release notes. Pure.

const semver = /^(\d+)\.(\d+)\.(\d+)$/;

/** The major tag that follows a release (`v1` for 1.4.2), or undefined for a version that is not X.Y.Z. */
export function majorTag(version: string): string | undefined {
  const match = semver.exec(version);
  return match ? `v${match[1] ?? ''}` : undefined;
}

/** The text under `## vX.Y.Z` (to the next `## `), trimmed; undefined when there is no such section. */
export function changelogSection(changelog: string, version: string): string | undefined {
  const lines = changelog.split('\n');
  const heading = new RegExp(`^## v?${version.replaceAll('.', '\\.')}(\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return undefined;
  const next = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  const section = lines
    .slice(start + 1, next === -1 ? undefined : next)
    .join('\n')
    .trim();
  return section === '' ? undefined : section;
}

/** Why `version` cannot be released, or undefined when it can. */
export function releaseProblem(version: string, packageVersion: string, changelog: string): string | undefined {
  if (!majorTag(version)) return `'${version}' is not a version X.Y.Z (such as 1.2.0; without the v).`;
  if (packageVersion !== version) {
    return `package.json has the version ${packageVersion}, not ${version}: set it (npm version ${version} --no-git-tag-version), rebuild, and commit.`;
  }
  if (!changelogSection(changelog, version)) {
    return `CHANGELOG.md has no section '## v${version}': move the Unreleased notes under that heading and commit.`;
  }
  return undefined;
}
