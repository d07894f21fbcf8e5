// Says which Node runs the scripts; the project pins Node 24 through the `node` dev dependency.
const major = Number(process.versions.node.split('.')[0]);
console.log(
  `Node ${process.versions.node} in use (${process.execPath.includes('node_modules') ? 'from the project' : 'from the system'}).`,
);
if (major < 24) {
  console.error('This project needs Node 24 or later. Run `npm ci` so that npm scripts use the pinned `node` package.');
  process.exit(1);
}
