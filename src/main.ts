import * as core from '@actions/core';
import { readSettings } from './settings.ts';

/** The action's one entry: read settings, do the work, report; the only place that fails the step. */
export async function run(): Promise<void> {
  try {
    const settings = readSettings();
    if (settings.resources.length === 0) {
      core.info('naisjob-deploy: no resource files given; nothing to do.');
      return;
    }
    core.info(`naisjob-deploy: deploying is not built yet (${settings.resources.join(', ')}).`);
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
