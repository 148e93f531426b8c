// npm run train
//   generates the corpus, trains the ranker on its train split, calibrates it and chooses decide()'s
//   thresholds on its calibration split, measures it on its validation split, and writes all of it to
//   domain/ranker.json (weights, thresholds, calibration, content weights, the corpus's hash and the
//   measured operating point). Never edit that file by hand: change the corpus's data and train again.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../corpus/generate.js';
import { corpusFolders, corpusReports } from '../corpus/reports.js';
import { ROOT } from '../knowledge.js';
import { FEATURES } from '../rank/features.js';
import type { RankerData } from '../rank/model.js';
import { bySplit, calibrate, casesOf, chooseThresholds, contentWeights, evaluate, fit } from '../rank/train.js';

const t0 = Date.now();
const reports = await corpusReports();
const examples = generate(reports);
const hash = createHash('sha256').update(examples.map((e) => `${e.question}\t${e.target?.id ?? ''}\t${e.split}`).join('\n')).digest('hex').slice(0, 16);
const lap = (what: string) => console.log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
lap('corpus');
const content = contentWeights(examples);
lap('content weights');
const cases = bySplit(casesOf(examples, content));
lap('features');
const { weights, none } = fit(cases.train);
lap('fit');
const temperature = calibrate(cases.calibration, weights, none);
lap('calibration');
const thresholds = chooseThresholds(cases.calibration, weights, none, temperature);
lap('thresholds');
const measure = (split: keyof typeof cases) => evaluate(cases[split], weights, none, temperature, thresholds);
const measured = { train: measure('train'), calibration: measure('calibration'), validation: measure('validation') };
const data: RankerData = {
  about: 'Written by npm run train from the generated corpus (src/corpus, domain/frames.json, domain/paraphrases.json); never edited by hand. docs/answering.md explains every part.',
  features: [...FEATURES],
  weights,
  none,
  temperature,
  thresholds,
  corpus: { hash, questions: examples.length, reports: reports.length, folders: corpusFolders().map((f) => f.replace(ROOT, '.')) },
  measured,
  content,
};
writeFileSync(join(ROOT, 'domain', 'ranker.json'), JSON.stringify(data, null, 1) + '\n');
console.log(`trained on ${cases.train.length}, calibrated on ${cases.calibration.length}, validated on ${cases.validation.length} questions (${reports.length} reports) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log('weights:', Object.fromEntries(FEATURES.map((f, i) => [f, weights[i]])), 'none', none, 'T', temperature);
console.log('thresholds:', thresholds);
for (const [k, o] of Object.entries(measured)) console.log(`${k}: ${JSON.stringify(o)}`);
