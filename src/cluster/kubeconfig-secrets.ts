// What a kubeconfig's users hold that must never reach the log. Read from the parsed document, not
// with a line pattern: JSON, flow style and folded scalars (`token: >-`) all parse to the same values.
import { parseDocument } from 'yaml';
import { isRecord } from '../guards.ts';

/** Values this short are no credential, and masking them would blot out words all over the log. */
const shortest = 4;

/** The user fields that are secrets in themselves. */
const secretFields = ['token', 'password', 'client-key-data', 'id-token', 'refresh-token', 'access-token'];

/**
 * Every secret value of `users[].user`: the secret fields, each exec plugin's env values, and every
 * value of an auth-provider's config (access-token, client-secret, ...). Each line of a multi-line value
 * is given too, since the runner masks a secret's lines one by one only when told each. Pure.
 */
export function kubeconfigUserSecrets(document: unknown): string[] {
  const found = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value !== 'string') return;
    for (const part of [value, ...value.split(/\r?\n/)].map((text) => text.trim())) {
      if (part.length >= shortest) found.add(part);
    }
  };
  const users = field(document, 'users');
  for (const entry of Array.isArray(users) ? users : []) {
    const user = field(entry, 'user');
    for (const name of secretFields) add(field(user, name));
    const env = field(field(user, 'exec'), 'env');
    for (const variable of Array.isArray(env) ? env : []) add(field(variable, 'value'));
    const config = field(field(user, 'auth-provider'), 'config');
    for (const value of Object.values(isRecord(config) ? config : {})) add(value);
  }
  return [...found];
}

/**
 * The secrets of kubeconfig text, read leniently: a document with a syntax error still yields what
 * was parsed before and after it, and the error itself is reported elsewhere without quoting lines.
 */
export function kubeconfigTextSecrets(text: string): string[] {
  try {
    return kubeconfigUserSecrets(parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: 100 }));
  } catch {
    return [];
  }
}

const field = (value: unknown, name: string): unknown => (isRecord(value) ? value[name] : undefined);
