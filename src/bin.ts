#!/usr/bin/env node
import { runCommandLine } from './cli.ts';

process.exitCode = await runCommandLine({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  out: process.stdout,
  err: process.stderr,
});
