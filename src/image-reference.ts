// Whether a text is an image reference a container runtime accepts: [registry[:port]/]path[:tag][@digest],
// following the distribution reference grammar (lower-case path components, tags of at most 128
// word characters, dots and dashes, sha256 digests). One regular expression from that grammar, rather than a
// library, since the step needs only a yes or no and a reason.

const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const host =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const reference = new RegExp(
  `^(?:${host}/)?${component}(?:/${component})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

/** Why `value` is not an image reference, for an error that names `described` (the input); else undefined. */
export function imageReferenceProblem(value: string, described: string): string | undefined {
  if (reference.test(value) && value.length <= 255) return undefined;
  const hints: string[] = [];
  if (/\s/.test(value)) hints.push('it contains white space');
  if (/[A-Z]/.test(value.split('/').slice(1).join('/').split(/[:@]/)[0] ?? ''))
    hints.push('repository names are lower case');
  if (/:$/.test(value)) hints.push('the tag after ":" is empty');
  if (/:[^/]*:/.test(value.split('/').pop() ?? '')) hints.push('it has more than one tag');
  return `${described} has the value '${value}', which is not an image reference${hints.length ? ` (${hints.join('; ')})` : ''}. Write it as registry/repository:tag, such as ghcr.io/navikt/my-job:1.2.3 or europe-north1-docker.pkg.dev/nais-management/team/job:2026.11.23-abc1234.`;
}
