// Fails when the build changed committed files: dist/ or the README's usage block was stale.
import { execFileSync } from 'node:child_process';

const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist', 'README.md'], { encoding: 'utf8' }).trim();
if (changed !== '') {
  console.error(`The build changed files that are committed:\n${changed}\n`);
  console.error('dist/ or the README usage block is stale. Run `npm run build` and commit the result.');
  process.exit(1);
}
console.log('dist/ and the README usage block are up to date.');
