/** Sent as `deploy.nais.io/client-version`; keep in step with package.json. */
export const clientVersion = 'naisjob-deploy-0.1.0';
