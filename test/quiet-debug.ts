// Tests keep the action's debug lines (`::debug::` on stdout) out of their output, unless asked.
import { setDebugSink } from '../src/log-sinks.ts';

if (!process.env.NAISJOB_DEPLOY_TEST_DEBUG) setDebugSink(() => undefined);
