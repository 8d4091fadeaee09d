/**
 * A local TypeDoc plugin (typedoc.json `plugin`) for how the reference presents the repository's files:
 *
 * - each package README (a project document) is titled with its package's name, not "README", and each
 *   guide in `docs/` with its file name (`credential-envelope`), not its path;
 * - a relative link to a file that is neither a documented page nor a reflection (an example's `.ts`
 *   file, a test helper) points to that file in the repository instead of a raw copy under `media/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter, ReflectionKind } from 'typedoc';

/** The repository every link points to (the same URL as the packages' `repository` field). */
const REPOSITORY = 'https://github.com/getinn/iiko-sdk/blob/main';
const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const project = context.project;
    for (const reflection of project.getReflectionsByKind(ReflectionKind.Document)) {
      const path = project.files.getReflectionPath(reflection);
      if (path === undefined) continue;
      const manifest = join(dirname(path), 'package.json');
      if (basename(path) === 'README.md' && existsSync(manifest)) {
        reflection.name = JSON.parse(readFileSync(manifest, 'utf8')).name ?? reflection.name;
      } else if (dirname(path) === join(root, 'docs')) {
        reflection.name = basename(path, '.md');
      }
    }

    /** @param {import('typedoc').CommentDisplayPart[] | undefined} parts */
    const relink = (parts) => {
      if (!parts) return;
      for (const [index, part] of parts.entries()) {
        if (part.kind !== 'relative-link' || part.target === undefined) continue;
        const resolved = project.files.resolve(part.target, project);
        if (typeof resolved !== 'string') continue;
        const inRepository = relative(root, resolved);
        if (inRepository.startsWith('..')) continue;
        const anchor = part.targetAnchor ? `#${part.targetAnchor}` : '';
        parts[index] = { kind: 'text', text: `${REPOSITORY}/${inRepository.split(sep).join('/')}${anchor}` };
      }
    };
    relink(project.readme);
    for (const reflection of Object.values(project.reflections)) {
      if (reflection.kindOf(ReflectionKind.Document)) relink(reflection.content);
      const comment = reflection.comment;
      if (comment) {
        relink(comment.summary);
        for (const tag of comment.blockTags) relink(tag.content);
      }
      for (const signature of reflection.signatures ?? []) {
        relink(signature.comment?.summary);
        for (const tag of signature.comment?.blockTags ?? []) relink(tag.content);
      }
    }
  });
}
