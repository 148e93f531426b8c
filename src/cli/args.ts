// Argument handling shared by the command-line tools (ask, ingest, check): --help and -h print the
// usage; an unknown option or a missing value prints what is wrong and the usage (exit 2); a
// --knowledge folder that does not exist is said so in words (exit 2). Never a stack trace.
import { statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends Options> = O & { help: { type: 'boolean'; short: 'h' } };
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: WithHelp<O>; allowPositionals: true; strict: true }>>;

export interface Exit {
  (code: number): never;
}

export interface CliIo {
  argv?: string[];
  out?: (s: string) => void;
  err?: (s: string) => void;
  exit?: Exit;
}

/**
 * Parses the arguments of a tool. Prints the usage and exits 0 on --help; prints the problem and the
 * usage to standard error and exits 2 on an unknown option, a missing value or a value given to a flag.
 */
export function parseCli<O extends Options>(usage: string, options: O, io: CliIo = {}): Parsed<O> {
  const out = io.out ?? ((s: string) => process.stdout.write(s + '\n'));
  const err = io.err ?? ((s: string) => process.stderr.write(s + '\n'));
  const exit = io.exit ?? ((code: number) => process.exit(code));
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as WithHelp<O>;
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: io.argv ?? process.argv.slice(2), options: all, allowPositionals: true, strict: true });
  } catch (e) {
    err(`${argProblem(e, all)}\n${usage}`);
    return exit(2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    out(usage);
    return exit(0);
  }
  return parsed;
}

/** What is wrong with the arguments, in words. */
function argProblem(e: unknown, options: Options): string {
  const code = (e as { code?: string }).code;
  const msg = e instanceof Error ? e.message : String(e);
  const name = /'(-{1,2}[^' ]+)/.exec(msg)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `不认识的选项：${shown(name || msg)}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const key = name.replace(/^-+/, '').split(/[ =]/)[0] ?? '';
    const opt = Object.entries(options).find(([k, o]) => k === key || o.short === key);
    return opt?.[1].type === 'string' ? `选项 --${opt[0]} 需要一个值` : `选项 ${shown(name)} 不带值`;
  }
  return `参数有误：${shown(msg)}`;
}

/**
 * Checks a --knowledge folder given on the command line: prints a message and exits 2 when it does
 * not exist or is not a folder. Returns the folder (or undefined when none was given). With
 * `mayBeNew` (npm run ingest, which fills the store of a folder yet to be made) a missing folder
 * gets a note on standard error and the tool goes on.
 */
export function knowledgeFolder(dir: string | undefined, usage: string, io: CliIo & { mayBeNew?: boolean } = {}): string | undefined {
  if (dir === undefined) return undefined;
  const err = io.err ?? ((s: string) => process.stderr.write(s + '\n'));
  const exit = io.exit ?? ((code: number) => process.exit(code));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    if (io.mayBeNew) {
      err(`注意：知识文件夹 ${shown(dir)} 还不存在；报告记入它的知识库文件，启动机器人前请先建好这个文件夹。`);
      return dir;
    }
    err(`知识文件夹不存在：${shown(dir)}\n${usage}`);
    return exit(2);
  }
  if (!isDir) {
    err(`--knowledge 应是一个文件夹，而 ${shown(dir)} 不是\n${usage}`);
    return exit(2);
  }
  return dir;
}

/** A path or text shown on one line: control characters (a newline in a file name) escaped. */
export function shown(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
