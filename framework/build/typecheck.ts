/**
 * The type check of `gfa build`: the app's TypeScript (its tsconfig.json, or the settings templates ship
 * when it has none) through the TypeScript compiler, no files written. Each problem is one line,
 * `file:line:column: error TSnnnn: message`, with the file relative to the app. TypeScript is imported only
 * here, when a build asks for the check.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { CompilerOptions, Diagnostic } from 'typescript';
import { GfaError } from '../errors.ts';

/** The settings used when an app has no tsconfig.json: the ones templates ship in theirs. */
export const DEFAULT_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  types: ['node'],
  strict: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  allowImportingTsExtensions: true,
  noEmit: true,
  skipLibCheck: true,
  isolatedModules: true,
} as const;

/** Folders never checked when the app has no tsconfig.json. */
const DEFAULT_EXCLUDE = ['node_modules', 'dist', '.gfa', 'vendor'];

/** Type-checks the app in `appDir`; returns its problems as one line each (none: an empty list). */
export async function typecheckApp(appDir: string): Promise<string[]> {
  const dir = resolve(appDir);
  const ts = (await import('typescript')).default;
  const configFile = join(dir, 'tsconfig.json');
  const raw = existsSync(configFile)
    ? ts.readConfigFile(configFile, (p) => ts.sys.readFile(p))
    : { config: { compilerOptions: DEFAULT_COMPILER_OPTIONS, include: ['**/*.ts'], exclude: DEFAULT_EXCLUDE } };
  if (raw.error) return [line(ts, raw.error, dir)];
  const parsed = ts.parseJsonConfigFileContent(raw.config, ts.sys, dir, undefined, existsSync(configFile) ? configFile : undefined);
  if (parsed.errors.length > 0) return parsed.errors.map((d) => line(ts, d, dir));
  const options: CompilerOptions = { ...parsed.options, noEmit: true, incremental: false };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options });
  return ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => line(ts, d, dir));
}

/** Type-checks the app, printing each problem through `log`; E_BUILD naming the first when there is any. */
export async function assertTypes(appDir: string, log: (line: string) => void): Promise<void> {
  const problems = await typecheckApp(appDir);
  for (const problem of problems) log(problem);
  if (problems.length > 0) {
    throw new GfaError('E_BUILD', `${problems.length} type error${problems.length === 1 ? '' : 's'} (first: ${problems[0]}); fix ${problems.length === 1 ? 'it' : 'them'}, or build with --no-typecheck`);
  }
}

/** One diagnostic as one line. */
function line(ts: typeof import('typescript'), d: Diagnostic, dir: string): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\s+/g, ' ').trim();
  const code = `error TS${d.code}`;
  if (!d.file || d.start === undefined) return `${code}: ${message}`;
  const { line: l, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const rel = relative(dir, d.file.fileName).split(sep).join('/');
  return `${rel}:${l + 1}:${character + 1}: ${code}: ${message}`;
}
