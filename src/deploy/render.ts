// Reads the resource files and turns them into objects to apply, as NAIS deploy's client does:
// variables, templating (only when variables exist), multi-document parsing, the image input,
// and the workload image's Image resource first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ManifestError } from '../manifest/errors.ts';
import { expandResourcePatterns, parseManifests, type ManifestDocument } from '../manifest/parse.ts';
import { hasTemplateMarkers, renderTemplate } from '../manifest/template.ts';
import {
  imageFromInput,
  roleOf,
  teamOf,
  validateDocuments,
  withImage,
  workloadNames,
  type DocumentRole,
  type Finding,
} from '../manifest/validate.ts';
import { mergeVariables, readVarsFile } from '../manifest/variables.ts';
import { outsideWorkspaceProblem } from '../manifest/workspace.ts';
import type { InlineVariable } from '../settings.ts';
import type { KubeObject } from '../cluster/gateway.ts';

export interface RenderInput {
  resources: string[];
  image: string | undefined;
  varsFile: string | undefined;
  variables: InlineVariable[];
  cwd: string;
  /** Refuse files outside `cwd` (the action; the command line reads what its user names). */
  confineToCwd?: boolean | undefined;
  /** NAIS deploy's WORKLOAD_IMAGE: an Image resource named after the workload carries it. */
  workloadImage?: string | undefined;
  /** NAIS deploy's WORKLOAD_NAME; found in the files when not given. */
  workloadName?: string | undefined;
}

/** One document to apply, in file order. */
export interface RenderedDocument {
  object: KubeObject;
  doc: ManifestDocument;
  role: DocumentRole;
}

/** A document whose role is 'naisjob'. */
export type RenderedNaisjob = RenderedDocument;

/** Where the Image made from the workload image input is said to come from. */
export const workloadImageSource = "input 'workload-image'";

export interface Located {
  message: string;
  file: string;
  line: number | undefined;
}

export interface Rendered {
  /** Every document, in the order NAIS deploy applies them: the workload's Image first, then file order. */
  documents: RenderedDocument[];
  naisjobs: RenderedNaisjob[];
  /** The workload a workload image was given for, when an Image is made for it. */
  workload: { name: string; image: string } | undefined;
  warnings: Located[];
  notices: string[];
}

/** Validation failed: every finding, each with its file and line. */
export class ValidationError extends Error {
  readonly findings: Finding[];
  constructor(findings: Finding[]) {
    super(
      `${findings.length} problem${findings.length === 1 ? '' : 's'} in the Naisjob files; nothing was applied:\n${findings
        .map((f) => `  ${f.file}:${f.line}: ${f.message}`)
        .join('\n')}`,
    );
    this.name = 'ValidationError';
    this.findings = findings;
  }
}

export function renderResources(input: RenderInput): Rendered {
  if (input.resources.length === 0)
    throw new Error('No resource files were given: give the Naisjob files to deploy, such as nais/job.yaml.');
  const files = expandResourcePatterns(input.resources, input.cwd);
  if (input.confineToCwd) {
    const problems = [
      ...files.map((file) => outsideWorkspaceProblem(file, input.cwd, 'The resource file')),
      input.varsFile ? outsideWorkspaceProblem(input.varsFile, input.cwd, 'The vars file') : undefined,
    ].filter((problem) => problem !== undefined);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }
  const { variables, notices } = mergeVariables({
    fromFile: input.varsFile ? readVarsFile(path.resolve(input.cwd, input.varsFile)) : undefined,
    image: input.image,
    inline: input.variables,
  });
  const templating = Object.keys(variables).length > 0;
  const warnings: Located[] = [];
  const documents: ManifestDocument[] = [];
  const templatedFiles = new Set<string>();
  const untemplatedFiles = new Set<string>();
  for (const file of files) {
    let source: string;
    try {
      source = readFileSync(path.resolve(input.cwd, file), 'utf8');
    } catch (error) {
      throw new ManifestError(
        file,
        undefined,
        undefined,
        `cannot read the file: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    let text = source;
    if (templating) {
      const rendered = renderTemplate(source, variables, file);
      text = rendered.text;
      for (const missing of rendered.missing) {
        warnings.push({
          file,
          line: missing.line,
          message:
            missing.otherCase === undefined
              ? `Template variable '${missing.name}' is not defined, so it rendered as empty. Define it in the vars file or the 'var' input.`
              : `Template variable '${missing.name}' is not defined, so it rendered as empty. A variable '${missing.otherCase}' exists, but names are case-sensitive, in NAIS deploy too: write {{${missing.otherCase}}} or define '${missing.name}'.`,
        });
      }
    }
    if (hasTemplateMarkers(source)) {
      templatedFiles.add(file);
      if (!templating) {
        untemplatedFiles.add(file);
        const line = source.split('\n').findIndex((text) => text.includes('{{')) + 1;
        warnings.push({
          file,
          line: line || undefined,
          message:
            'This file has template markers, but no variable was given (no image, vars or var input), so it is applied as written, without templating, as NAIS deploy does.',
        });
      }
    }
    for (const doc of parseManifests(text, file)) {
      const image =
        roleOf(doc.value) === 'naisjob' ? imageFromInput(doc.value, templatedFiles.has(file), input.image) : undefined;
      documents.push(image ? { ...doc, value: withImage(doc.value, image) } : doc);
    }
  }
  if (documents.length === 0) {
    throw new Error(
      `The resource files hold no documents, so there is nothing to deploy: ${files.join(', ')}. Check that the files are the Naisjob files and not empty.`,
    );
  }
  const workload = workloadOf(input, documents, warnings);
  const findings = validateDocuments(documents, {
    imageInput: input.image,
    templatedFiles,
    untemplatedFiles,
    workloadImageFor: workload?.name,
  });
  if (findings.length > 0) throw new ValidationError(findings);
  const image = workload ? imageDocument(workload, teamOf(documents, files.length)) : [];
  const rendered = [...image, ...documents].map((doc) => ({
    object: doc.value as KubeObject,
    doc,
    role: roleOf(doc.value),
  }));
  return { documents: rendered, naisjobs: rendered.filter((d) => d.role === 'naisjob'), workload, warnings, notices };
}

/** The workload the workload image belongs to, named or found as NAIS deploy finds it; warns as it does when none or several. */
function workloadOf(
  input: RenderInput,
  documents: readonly ManifestDocument[],
  warnings: Located[],
): { name: string; image: string } | undefined {
  const image = input.workloadImage;
  if (image === undefined || image === '') return undefined;
  if (input.workloadName) return { name: input.workloadName, image };
  const names = workloadNames(documents);
  if (names.length === 1 && names[0] !== undefined) return { name: names[0], image };
  const file = documents[0]?.file ?? workloadImageSource;
  warnings.push({
    file,
    line: undefined,
    message:
      names.length === 0
        ? "The workload image was given, but the files hold no Naisjob to name the Image after, so no Image is made. Set the input 'workload-name'."
        : `The workload image was given, but the files hold several workloads (${names.join(', ')}), so no Image is made, as in NAIS deploy. Set the input 'workload-name'.`,
  });
  return undefined;
}

/** NAIS deploy's Image resource for a workload image (pkg/deployclient/injection.go buildImageResource), in the team's namespace. */
function imageDocument(workload: { name: string; image: string }, team: string | undefined): ManifestDocument[] {
  if (!team) {
    throw new ManifestError(
      workloadImageSource,
      undefined,
      undefined,
      'the Image for the workload image needs the team, and no document has a team label or a namespace: write metadata.namespace in the Naisjob.',
    );
  }
  const image = {
    apiVersion: 'nais.io/v1',
    kind: 'Image',
    metadata: { name: workload.name, namespace: team },
    spec: { image: workload.image },
  };
  return parseManifests(JSON.stringify(image), workloadImageSource);
}
