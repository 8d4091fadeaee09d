/**
 * The TypeScript snippets of the README files and guides, extracted so that a test can typecheck them
 * against the packages' source (the repository's compiler options and path aliases) and run the ones
 * that can run.
 *
 * What a snippet may say about itself, on an HTML comment line right above its fence (invisible when
 * rendered) or on a comment line inside it:
 *
 * - `<!-- snippet-skip: reason -->` or `// @snippet-skip reason` — not checked at all (a fragment that is
 *   not TypeScript, a sketch with `…`); the reason is reported.
 * - `<!-- snippet-preamble: declare const store: SyncStore; -->` — code placed before the snippet, for what it
 *   assumes (an import, a variable from an earlier snippet, with its type).
 * - `<!-- snippet-run -->` / `// @snippet-run` — also run it (with tsx, in a temp folder); `snippet-no-run`
 *   keeps a self-contained snippet from running.
 *
 * Names a snippet uses without declaring them (`password`, `accountId`, a `vault` from the snippet
 * above) are declared `any` for it, so the check still catches every wrong import, function, method
 * and option name without each snippet restating its context. A snippet runs when it says so, or when
 * it needs no such name and reaches no server other than the fake one on loopback.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/** One fenced TypeScript block of a Markdown file. */
export interface Snippet {
  /** Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the first code line (the one after the opening fence). */
  readonly line: number;
  readonly code: string;
  readonly preamble: string;
  /** Why it is not checked, when it is marked `snippet-skip`. */
  readonly skip: string | undefined;
  readonly run: 'yes' | 'no' | 'auto';
}

/** README.md, packages/*\/README.md and docs/*.md, as they are on disk now. */
export function markdownFiles(): string[] {
  const files = ['README.md'];
  for (const folder of readdirSync(join(repositoryRoot, 'packages')).sort()) {
    if (existsSync(join(repositoryRoot, 'packages', folder, 'README.md'))) files.push(`packages/${folder}/README.md`);
  }
  for (const name of readdirSync(join(repositoryRoot, 'docs')).sort()) {
    if (name.endsWith('.md')) files.push(`docs/${name}`);
  }
  return files;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const TS_LANGUAGES = new Set(['ts', 'typescript', 'mts', 'cts']);

/** The TypeScript snippets of one Markdown file, with their markers. */
export function extractSnippets(file: string, text = readFileSync(join(repositoryRoot, file), 'utf8')): Snippet[] {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '```', language = ''] = open;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(fence)) end++;
    index = end;
    if (!TS_LANGUAGES.has(language.toLowerCase())) continue;
    const body = lines.slice(start, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    const markers = markersAbove(lines, start - 1);
    const code = body.join('\n');
    const inlineSkip = /^\s*\/\/\s*@snippet-skip\b:?\s*(.*)$/m.exec(code);
    const skip = markers.skip ?? (inlineSkip ? inlineSkip[1]?.trim() || 'marked @snippet-skip' : undefined);
    const run = markers.run ?? (/^\s*\/\/\s*@snippet-run\b/m.test(code) ? 'yes' : /^\s*\/\/\s*@snippet-no-run\b/m.test(code) ? 'no' : 'auto');
    snippets.push({ file, line: start + 1, code, preamble: markers.preamble.join('\n'), skip, run });
  }
  return snippets;
}

/** The `<!-- snippet-… -->` comments on the lines just above a fence (blank lines between allowed). */
function markersAbove(lines: readonly string[], fenceIndex: number) {
  const preamble: string[] = [];
  let skip: string | undefined;
  let run: 'yes' | 'no' | undefined;
  for (let index = fenceIndex - 1; index >= 0; index--) {
    const line = (lines[index] ?? '').trim();
    if (line === '') continue;
    const marker = /^<!--\s*snippet-(skip|preamble|run|no-run)\b:?\s*([\s\S]*?)\s*-->$/.exec(line);
    if (!marker) break;
    if (marker[1] === 'skip') skip = marker[2] || 'marked snippet-skip';
    else if (marker[1] === 'preamble') preamble.unshift(marker[2] ?? '');
    else run = marker[1] === 'run' ? 'yes' : 'no';
  }
  return { preamble, skip, run };
}

/** A diagnostic of one snippet, placed at its line in the Markdown file. */
export interface SnippetProblem {
  readonly snippet: Snippet;
  /** `file:line` in the Markdown file. */
  readonly where: string;
  readonly message: string;
}

/** The outcome of checking every snippet at once. */
export interface SnippetCheck {
  readonly problems: SnippetProblem[];
  /** Per snippet: the names it uses without declaring them (declared `any` for the check). */
  readonly assumed: Map<Snippet, string[]>;
  /** The virtual file of each snippet, as checked (preamble, code, declarations of assumed names). */
  readonly sources: Map<Snippet, string>;
}

/** "Cannot find name" (and its variants): a name the snippet takes from its surroundings. */
const UNDECLARED = new Set([2304, 2552, 18004, 2582, 2593]);

/**
 * Typechecks the snippets in one program with the repository's compiler options and path aliases:
 * first to learn each snippet's undeclared names, then again with those declared `any`.
 */
export function typecheckSnippets(snippets: readonly Snippet[]): SnippetCheck {
  const config = ts.getParsedCommandLineOfConfigFile(join(repositoryRoot, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json could not be read');
  // Implicit `any` is allowed: a callback handed to an assumed (`any`) name has untyped parameters.
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, noImplicitAny: false, noUnusedLocals: false, noUnusedParameters: false };
  const fileOf = new Map<string, Snippet>();
  const sources = new Map<Snippet, string>();
  const stubs = new Map<string, string>();
  snippets.forEach((snippet, index) => {
    const name = join(homeOf(snippet.file), '.snippets', `${index}-${snippet.file.replace(/[^\w]+/g, '-')}-${snippet.line}.ts`);
    fileOf.set(name, snippet);
    sources.set(snippet, stubRelativeImports(name, `${snippet.preamble}\n${snippet.code}\n`, options, stubs));
  });
  const check = () => {
    const host = ts.createCompilerHost(options, true);
    const read = host.readFile.bind(host);
    const exists = host.fileExists.bind(host);
    const virtual = (name: string) => (fileOf.has(name) ? sources.get(fileOf.get(name)!) : stubs.get(name));
    host.readFile = (name) => virtual(name) ?? read(name);
    host.fileExists = (name) => virtual(name) !== undefined || exists(name);
    const directoryExists = host.directoryExists?.bind(host);
    host.directoryExists = (name) => name.endsWith(`${sep}.snippets`) || (directoryExists?.(name) ?? true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, onError, create) => {
      const text = virtual(name);
      return text !== undefined ? ts.createSourceFile(name, text, language, true) : getSourceFile(name, language, onError, create);
    };
    const program = ts.createProgram([...fileOf.keys()], options, host);
    return [...fileOf.keys()].map((name) => {
      const source = program.getSourceFile(name)!;
      return { snippet: fileOf.get(name)!, source, diagnostics: [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] };
    });
  };

  const assumed = new Map<Snippet, string[]>();
  for (const { snippet, source, diagnostics } of check()) {
    const names = new Set<string>();
    for (const diagnostic of diagnostics) {
      if (!UNDECLARED.has(diagnostic.code) || diagnostic.start === undefined) continue;
      const token = source.text.slice(diagnostic.start, diagnostic.start + (diagnostic.length ?? 0));
      if (/^[A-Za-z_$][\w$]*$/.test(token)) names.add(token);
    }
    if (names.size === 0) continue;
    assumed.set(snippet, [...names].sort());
    // At the end, so line numbers stay put; `var` because an ambient `var` may be used above it, and a
    // type of the same name (with optional parameters) for a name used as a type.
    const declarations = [...names].map((name) => `declare var ${name}: any; type ${name}<A = any, B = any, C = any> = any;`);
    sources.set(snippet, `${sources.get(snippet)}${declarations.join('\n')}\n`);
  }

  const problems: SnippetProblem[] = [];
  for (const { snippet, source, diagnostics } of check()) {
    const preambleLines = snippet.preamble === '' ? 1 : snippet.preamble.split('\n').length;
    for (const diagnostic of diagnostics) {
      // Type arguments on a call of an assumed (`any`) name: an artefact of the check, not of the snippet.
      if (diagnostic.code === 2347) continue;
      const at = diagnostic.start === undefined ? undefined : source.getLineAndCharacterOfPosition(diagnostic.start);
      const line = at === undefined ? snippet.line : snippet.line + Math.max(0, at.line - preambleLines);
      problems.push({
        snippet,
        where: `${snippet.file}:${line}`,
        message: `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
      });
    }
  }
  return { problems, assumed, sources };
}

/**
 * A relative import that does not resolve from the snippet's package is the reader's own file
 * (`./postgres-stores`, copied from an example): it is pointed at a stub module declaring what the
 * snippet imports from it as `any`, like any other name the snippet takes as given. Lines stay put.
 */
function stubRelativeImports(file: string, text: string, options: ts.CompilerOptions, stubs: Map<string, string>): string {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith('.')) continue;
    if (ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule !== undefined) continue;
    const names: string[] = [];
    const clause = statement.importClause;
    if (clause?.name) names.push('default');
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) names.push((element.propertyName ?? element.name).text);
    }
    const stub = `${file.slice(0, -3)}.stub${stubs.size}.ts`;
    stubs.set(
      stub,
      names
        .map((name) =>
          name === 'default'
            ? 'declare const assumedDefault: any;\nexport default assumedDefault;'
            : `export declare const ${name}: any;\nexport type ${name}<A = any, B = any, C = any> = any;`,
        )
        .join('\n') + '\nexport {};\n',
    );
    replacements.push({ start: statement.moduleSpecifier.getStart(source), end: statement.moduleSpecifier.getEnd(), text: JSON.stringify(`./${stub.split('/').at(-1)!.slice(0, -3)}`) });
  }
  let result = text;
  for (const { start, end, text: replacement } of replacements.reverse()) result = result.slice(0, start) + replacement + result.slice(end);
  return result;
}

/**
 * Where a snippet's imports resolve from: the package a README or guide is about (`docs/iiko-http.md`,
 * `docs/jobs.md` → `packages/iiko-http`, `packages/iiko-jobs`), so its dev dependencies are found;
 * else the repository root.
 */
export function homeOf(file: string): string {
  const packageReadme = /^packages\/([^/]+)\/README\.md$/.exec(file);
  if (packageReadme) return join(repositoryRoot, 'packages', packageReadme[1] ?? '');
  const guide = /^docs\/([^/]+)\.md$/.exec(file)?.[1];
  for (const name of guide === undefined ? [] : [guide, `iiko-${guide}`]) {
    if (existsSync(join(repositoryRoot, 'packages', name, 'package.json'))) return join(repositoryRoot, 'packages', name);
  }
  return repositoryRoot;
}

/** Whether a snippet should run: it says so, or it is self-contained and reaches only loopback. */
export function shouldRun(snippet: Snippet, assumed: readonly string[] | undefined): boolean {
  if (snippet.skip !== undefined || snippet.run === 'no') return false;
  if (snippet.run === 'yes') return true;
  if (assumed !== undefined && assumed.length > 0) return false;
  // Anything that would reach a real server, read the host's configuration or wait on a schedule.
  if (/https?:\/\/(?!127\.0\.0\.1|localhost)|process\.env|keyringFromEnv|DATABASE_URL|new (?:pg\.)?Pool\b|setupServer|\bdescribe\(|\bit\(|\btest\(/.test(snippet.code)) {
    return false;
  }
  return /^\s*import\b/m.test(snippet.code);
}

/** `file:line` of a snippet, for messages. */
export function locate(snippet: Snippet): string {
  return `${relative(repositoryRoot, join(repositoryRoot, snippet.file))}:${snippet.line}`;
}
