// The team identity of the local cluster: like a NAIS team, it may work only in its own
// namespace, with exactly the permissions the action needs (the README documents these).
import type { V1Role, V1RoleBinding } from '@kubernetes/client-node';

export const teamNamespace = 'team-a';
export const teamUser = 'team-a-deployer';

/**
 * Exactly the RBAC rules the action uses in a team's namespace, no more: the integration test
 * `team identity` runs every mode with them.
 */
export const actionRules = [
  // Deploy reads, creates and replaces; cleanup lists and deletes previews.
  { apiGroups: ['nais.io'], resources: ['naisjobs'], verbs: ['get', 'create', 'update', 'list', 'delete'] },
  // The CronJob naiserator made: its generation names the Job; force-run copies its template.
  { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get'] },
  // Find and wait for Jobs; force-run creates one; on-cancel: delete removes it.
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
  { apiGroups: [''], resources: ['pods', 'events'], verbs: ['list', 'watch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
];

export function teamRbac(): { role: V1Role; binding: V1RoleBinding } {
  return {
    role: { metadata: { name: 'naisjob-deploy', namespace: teamNamespace }, rules: actionRules },
    binding: {
      metadata: { name: 'naisjob-deploy', namespace: teamNamespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'naisjob-deploy' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: teamUser }],
    },
  };
}

/** The repository whose workflows may deploy to the team's namespace with their GitHub ID token. */
export const keylessRepository = 'navikt/team-a-jobs';
/** Its username, as the cluster's AuthenticationConfiguration maps the `repository` claim. */
export const keylessUser = `github:${keylessRepository}`;

/** Binds the team's role to that repository's identity too: RBAC per repository, as per team. */
export function keylessRbac(): V1RoleBinding {
  return {
    metadata: { name: 'naisjob-deploy-github', namespace: teamNamespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'naisjob-deploy' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: keylessUser }],
  };
}
