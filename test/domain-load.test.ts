// The domain data loader: the project's domain/ folder loads, and a malformed copy of it stops the
// load with an error naming the file and the entry.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DOMAIN, DOMAIN_DIR, DomainDataError, loadDomain } from '../src/domain/load.js';
import { commandOf, intentWords, unitsFor } from '../src/domain/words.js';
import { blocks2, GROUP4_ROWS, GROUPS_4, MEASURE_COLUMNS_2 } from '../src/template.js';
import { REPO } from './helpers/tianjin.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of domain/ with one file changed by edit (given the parsed JSON) or replaced by text. */
function copyWith(file: string, edit: ((data: any) => void) | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-domain-'));
  dirs.push(dir);
  cpSync(DOMAIN_DIR, dir, { recursive: true });
  const path = join(dir, file);
  if (typeof edit === 'string') writeFileSync(path, edit);
  else {
    const data = JSON.parse(readFileSync(path, 'utf8'));
    edit(data);
    writeFileSync(path, JSON.stringify(data, null, 2));
  }
  return dir;
}

function errorOf(dir: string): DomainDataError {
  try {
    loadDomain(dir);
  } catch (e) {
    if (e instanceof DomainDataError) return e;
    throw e;
  }
  throw new Error('the malformed copy loaded');
}

describe('domain data', () => {
  it('the project folder loads: the template, the vocabulary and the word lists', () => {
    const d = loadDomain();
    expect(d.template.sections.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.template.rows3.filter((r) => r.versions.includes('2021')).length).toBe(25);
    const words = d.vocabulary.flatMap((s) => s.entries.flatMap((e) => e.words));
    expect(words).toContain('红头文件');
    expect(words).toContain('打官司');
    expect(d.agencies.shortForms).toContainEqual(['工业和信息化局', '工信局']);
    expect(DOMAIN.numerals.find((n) => n.char === '两')?.value).toBe(2);
  });

  it('a word written as a number names the file and the entry', () => {
    const e = errorOf(copyWith('vocabulary.json', (d) => (d.sections[0].entries[3].words[1] = 12)));
    expect(e.message).toBe('domain/vocabulary.json, at sections[0].entries[3].words[1]: expected a non-empty string, found 12');
  });

  it('a meaning that is not a row of the template names the entry and says why', () => {
    const e = errorOf(copyWith('vocabulary.json', (d) => (d.sections[0].entries[5].means = { row3: '予以公开了' })));
    expect(e.message).toContain('domain/vocabulary.json, at sections[0].entries[5].means.row3');
    expect(e.message).toContain('"予以公开了" is not a row of table 三');
  });

  it('an unknown key, a missing one, a word written twice and an unknown intent are each named', () => {
    expect(errorOf(copyWith('vocabulary.json', (d) => (d.sections[1].entries[0].word = d.sections[1].entries[0].words))).message).toBe(
      'domain/vocabulary.json, at sections[1].entries[0]: unknown key "word" (allowed: means, words)',
    );
    expect(errorOf(copyWith('vocabulary.json', (d) => delete d.sections[2].entries[4].words)).message).toBe('domain/vocabulary.json, at sections[2].entries[4]: "words" is missing');
    expect(errorOf(copyWith('vocabulary.json', (d) => d.sections[0].entries[0].words.push('新收'))).message).toBe(
      'domain/vocabulary.json, at sections[0].entries[0].words: "新收" is written twice',
    );
    expect(errorOf(copyWith('vocabulary.json', (d) => (d.sections[4].entries[0].means = { intent: 'when' }))).message).toMatch(
      /^domain\/vocabulary\.json, at sections\[4\]\.entries\[0\]\.means\.intent: "when" is not one of: date, overview/,
    );
  });

  it('broken JSON names the file and the line', () => {
    const text = readFileSync(join(DOMAIN_DIR, 'agencies.json'), 'utf8').replace('["工业和信息化局", "工信局"],', '["工业和信息化局", "工信局"]');
    const e = errorOf(copyWith('agencies.json', text));
    expect(e.message).toMatch(/^domain\/agencies\.json, at line 5: is not valid JSON/);
  });

  it('a missing file, a bad pair, a bad pattern and an unknown unit use are named', () => {
    const dir = copyWith('units.json', (d) => (d.units[2].in = ['cell', 'table']));
    expect(errorOf(dir).message).toBe('domain/units.json, at units[2].in[1]: "table" is not one of: cell, decoded, header, narrative, approx, asked');
    rmSync(join(dir, 'numerals.json'));
    writeFileSync(join(dir, 'units.json'), readFileSync(join(DOMAIN_DIR, 'units.json')));
    expect(errorOf(dir).message).toBe('domain/numerals.json: cannot be read (ENOENT)');
    expect(errorOf(copyWith('agencies.json', (d) => d.shortForms[2].push('经委'))).message).toBe(
      'domain/agencies.json, at shortForms[2]: a short form is a pair [long, short], found 3 words',
    );
    expect(errorOf(copyWith('english.json', (d) => (d.phrases[1].pattern = '\\b(requests?|applications?\\b'))).message).toMatch(
      /^domain\/english\.json, at phrases\[1\]\.pattern: not a regular expression/,
    );
    expect(errorOf(copyWith('template.json', (d) => (d.table2['2021'][0].units = ['件']))).message).toBe(
      'domain/template.json, at table2.2021[0].units: 3 columns need 3 units, found 1',
    );
    expect(errorOf(copyWith('template.json', (d) => d.table2.measures.columns.made.push('本年新制定数量'))).message).toBe(
      'domain/template.json, at table2.measures.columns.made: "本年新制定数量" is not a column of table 二',
    );
    expect(errorOf(copyWith('template.json', (d) => (d.table4.groupsByKey.direct = [['行政诉讼', '直接起诉']]))).message).toBe(
      'domain/template.json, at table4.groupsByKey.direct: ["行政诉讼","直接起诉"] is not one of table4.groups',
    );
    expect(errorOf(copyWith('commands.json', (d) => d.commands.reports.push('帮助'))).message).toBe('domain/commands.json, at commands.help: "帮助" is a word of both help and reports');
  });
});

describe('at start', () => {
  it('a malformed file stops the process with one line naming the file and the entry, and no stack trace', () => {
    // the loader and a malformed domain/ beside it, as in the project: loading is what starting does
    const root = mkdtempSync(join(tmpdir(), 'gongkai-start-'));
    dirs.push(root);
    mkdirSync(join(root, 'src', 'domain'), { recursive: true });
    for (const f of ['load.ts', 'check.ts']) cpSync(join(REPO, 'src', 'domain', f), join(root, 'src', 'domain', f));
    cpSync(copyWith('verbs.json', (d) => (d.verbs[3].making = 'yes')), join(root, 'domain'), { recursive: true });
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'domain', 'load.ts')], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('gongkai-bot cannot start: the domain data is malformed: domain/verbs.json, at verbs[3].making: expected true or false, found "yes"');
  });
});

describe('word lists for the readers and the engine', () => {
  it('units are listed longest first, so 万元 is read before 元 and 个工作日 before 个', () => {
    const cell = unitsFor('cell');
    expect(cell.indexOf('万元')).toBeLessThan(cell.indexOf('元'));
    const narrative = unitsFor('narrative');
    expect(narrative.indexOf('个工作日')).toBeLessThan(narrative.indexOf('个'));
    expect(unitsFor('header')).toEqual(['万元', '亿元', '元']);
  });

  it('each measure of table 二 is held by a column of the 2019 or the 2021 version, and 行政诉讼 is its two groups', () => {
    for (const [measure, columns] of Object.entries(MEASURE_COLUMNS_2)) {
      const versions = (['2019', '2021'] as const).filter((v) => blocks2(v).some((b) => b.columns.some((c) => columns.includes(c))));
      expect(versions.length, measure).toBeGreaterThan(0);
    }
    expect(MEASURE_COLUMNS_2.made).toEqual(['本年新制作数量', '本年制发件数']);
    expect(GROUP4_ROWS.suit).toEqual(GROUPS_4.filter((g) => g[0] === '行政诉讼'));
    expect(intentWords('fee')).toEqual(['信息处理费', '处理费']);
  });

  it('a message that is only a command word is that command, in any form people type it', () => {
    expect(['帮助', '/help', '幫助', 'Help!', '使用说明？'].map(commandOf)).toEqual(['help', 'help', 'help', 'help', 'help']);
    expect(['/reports', '／reports', '报告列表', '報告'].map(commandOf)).toEqual(['reports', 'reports', 'reports', 'reports']);
    expect(commandOf('/check')).toBe('check');
    expect(['帮助我查一下', '报告里说了什么', ''].map(commandOf)).toEqual([null, null, null]);
  });
});
