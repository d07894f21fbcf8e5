// `node scripts/release/check.ts X.Y.Z <notes-file>`: refuses a release that package.json or
// CHANGELOG.md do not describe, and writes the version's changelog section as the release notes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { changelogSection, releaseProblem } from './changelog.ts';

const [version = '', notesFile] = process.argv.slice(2);
const root = path.resolve(import.meta.dirname, '..', '..');
const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
const packageVersion = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;
const problem = releaseProblem(version, packageVersion, changelog);
if (problem) {
  console.error(`::error::Cannot release: ${problem}`);
  process.exit(1);
}
if (notesFile) writeFileSync(notesFile, `${changelogSection(changelog, version) ?? ''}\n`);
console.log(`v${version} can be released.`);
