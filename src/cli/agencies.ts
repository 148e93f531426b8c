// npm run agencies
//   generates the agency corpus (src/agency/train.ts) from the gazetteer and the reports' titles and
//   writes the guesses' scores and the decision's thresholds to domain/agency-scores.json. Never edit
//   that file by hand: change the data and run this again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusReports } from '../corpus/reports.js';
import { ROOT } from '../knowledge.js';
import { generateAgencyScores } from '../agency/train.js';

const reports = await corpusReports();
const scores = generateAgencyScores(reports);
writeFileSync(join(ROOT, 'domain', 'agency-scores.json'), JSON.stringify(scores, null, 1) + '\n');
console.log(JSON.stringify({ kinds: scores.kinds, thresholds: scores.thresholds, corpus: scores.corpus, measured: scores.measured }, null, 1));
