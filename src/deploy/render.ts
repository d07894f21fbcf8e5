// Reads the resource files and turns them into Naisjob objects, as NAIS deploy's client does:
// variables, templating (only when variables exist), multi-document parsing, the image input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ManifestError } from '../manifest/errors.ts';
import { expandResourcePatterns, parseManifests, type ManifestDocument } from '../manifest/parse.ts';
import { hasTemplateMarkers, renderTemplate } from '../manifest/template.ts';
import { imageFromInput, validateNaisjobs, withImage, type Finding } from '../manifest/validate.ts';
import { mergeVariables, readVarsFile } from '../manifest/variables.ts';
import type { InlineVariable } from '../settings.ts';
import type { KubeObject } from '../cluster/gateway.ts';

export interface RenderInput {
  resources: string[];
  image: string | undefined;
  varsFile: string | undefined;
  variables: InlineVariable[];
  cwd: string;
}

export interface RenderedNaisjob {
  object: KubeObject;
  doc: ManifestDocument;
}

export interface Located {
  message: string;
  file: string;
  line: number | undefined;
}

export interface Rendered {
  naisjobs: RenderedNaisjob[];
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
    throw new Error("Input 'resource' is empty: give the Naisjob files to deploy, such as nais/job.yaml.");
  const files = expandResourcePatterns(input.resources, input.cwd);
  const { variables, notices } = mergeVariables({
    fromFile: input.varsFile ? readVarsFile(path.resolve(input.cwd, input.varsFile)) : undefined,
    image: input.image,
    inline: input.variables,
  });
  const templating = Object.keys(variables).length > 0;
  const warnings: Located[] = [];
  const documents: ManifestDocument[] = [];
  const templatedFiles = new Set<string>();
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
    if (hasTemplateMarkers(source)) templatedFiles.add(file);
    for (const doc of parseManifests(text, file)) {
      const image = imageFromInput(doc.value, templatedFiles.has(file), input.image);
      documents.push(image ? { ...doc, value: withImage(doc.value, image) } : doc);
    }
  }
  const findings = validateNaisjobs(documents, { imageInput: input.image, templatedFiles });
  if (findings.length > 0) throw new ValidationError(findings);
  return { naisjobs: documents.map((doc) => ({ object: doc.value as KubeObject, doc })), warnings, notices };
}
