// Cold start: a fresh process opens the knowledge (store already built) and answers one question.
//   node --import tsx bench/first-answer.ts DIR STORE "问题" [demand|memory]
// Prints one JSON line: the answer and the time since process start (performance.now() counts
// from it) at each step. bench/run.ts measures the whole from spawn.
const tStart = performance.now();
const { openKnowledge } = await import('../src/knowledge.js');
const { answerFrom } = await import('../src/answer/index.js');
const tImported = performance.now();
const [dir, store, question, how = 'memory'] = process.argv.slice(2);
const knowledge = await openKnowledge({ dir, store, onDemand: how === 'demand' });
const tOpened = performance.now();
const a = await answerFrom(question ?? '收到多少政府信息公开申请？', { knowledge });
const tAnswered = performance.now();
process.stdout.write(
  JSON.stringify({
    reports: knowledge.catalog?.size ?? knowledge.reports.length,
    mode: how,
    kind: a.kind,
    figure: a.figures[0]?.value ?? null,
    text: a.lines.join('\n').slice(0, 200),
    ms: { loaderAndBoot: tStart, imports: tImported - tStart, open: tOpened - tImported, firstAnswer: tAnswered - tOpened, total: tAnswered },
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
