// Reading the domain's JSON files with their shapes checked: every problem is a DomainDataError that
// names the file and the entry (vocabulary.json, at sections[0].entries[3].words[2]: …).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export class DomainDataError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(`domain/${file}${where ? `, at ${where}` : ''}: ${problem}`);
    this.name = 'DomainDataError';
  }
}

const shown = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 60 ? s.slice(0, 57) + '…' : s;
};

/** One value of a domain file and where it stands; its readers fail with the file and the path. */
export class Entry {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  fail(problem: string): never {
    throw new DomainDataError(this.file, this.path, problem);
  }

  private child(key: string | number, value: unknown): Entry {
    const path = typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    return new Entry(this.file, path, value);
  }

  isObject(): boolean {
    return typeof this.value === 'object' && this.value !== null && !Array.isArray(this.value);
  }

  object(): Record<string, unknown> {
    if (!this.isObject()) this.fail(`expected an object ({…}), found ${shown(this.value)}`);
    return this.value as Record<string, unknown>;
  }

  has(key: string): boolean {
    return this.object()[key] !== undefined;
  }

  get(key: string): Entry {
    const v = this.object()[key];
    if (v === undefined) this.fail(`"${key}" is missing`);
    return this.child(key, v);
  }

  opt(key: string): Entry | undefined {
    const v = this.object()[key];
    return v === undefined ? undefined : this.child(key, v);
  }

  /** The object's keys, each only one of the allowed ones. */
  keys(allowed: string[]): string[] {
    const ks = Object.keys(this.object());
    for (const k of ks) if (!allowed.includes(k)) this.fail(`unknown key "${k}" (allowed: ${allowed.join(', ')})`);
    return ks;
  }

  list(nonEmpty = true): Entry[] {
    if (!Array.isArray(this.value)) this.fail(`expected a list ([…]), found ${shown(this.value)}`);
    if (nonEmpty && !this.value.length) this.fail('the list is empty');
    return this.value.map((v, i) => this.child(i, v));
  }

  str(): string {
    if (typeof this.value !== 'string' || !this.value) this.fail(`expected a non-empty string, found ${shown(this.value)}`);
    return this.value;
  }

  /** A string that may be empty (a unit the template leaves blank). */
  text(): string {
    if (typeof this.value !== 'string') this.fail(`expected a string, found ${shown(this.value)}`);
    return this.value;
  }

  strs(): string[] {
    const out = this.list().map((e) => e.str());
    const dup = out.find((s, i) => out.indexOf(s) !== i);
    if (dup !== undefined) this.fail(`"${dup}" is written twice`);
    return out;
  }

  num(): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail(`expected a number, found ${shown(this.value)}`);
    return this.value;
  }

  bool(): boolean {
    if (typeof this.value !== 'boolean') this.fail(`expected true or false, found ${shown(this.value)}`);
    return this.value;
  }

  oneOf<T extends string>(allowed: readonly T[]): T {
    const s = this.str();
    if (!allowed.includes(s as T)) this.fail(`"${s}" is not one of: ${allowed.join(', ')}`);
    return s as T;
  }
}

/** Reads and parses domain/FILE; a missing file or broken JSON is a DomainDataError naming it. */
export function readDomainFile(dir: string, file: string): Entry {
  let text: string;
  try {
    text = readFileSync(join(dir, file), 'utf8');
  } catch (e) {
    throw new DomainDataError(file, '', `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return new Entry(file, '', JSON.parse(text));
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : 0;
    throw new DomainDataError(file, line ? `line ${line}` : '', `is not valid JSON (${(e as Error).message})`);
  }
}
