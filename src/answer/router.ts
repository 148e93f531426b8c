// The question kinds, each a handler in its own file (src/answer/handlers/), and the router that
// picks by how well each matches the question — not by the order of a chain of ifs. The best
// match answers; when it cannot after all (no evidence covers the question), the next one tries.
import type { Reply } from '../reply/types.js';
import type { Ask, Handler } from './ask.js';
import { changes } from './handlers/changes.js';
import { chart } from './handlers/chart.js';
import { comparison } from './handlers/comparison.js';
import { details } from './handlers/details.js';
import { computed } from './handlers/computed.js';
import { lists } from './handlers/lists.js';
import { passage } from './handlers/passage.js';
import { date, handling, overview, policies, problems } from './handlers/sections.js';
import { smalltalk } from './handlers/smalltalk.js';
import { figure } from './handlers/figure.js';
import { yesno } from './handlers/yesno.js';

export const HANDLERS: Handler[] = [smalltalk, details, chart, changes, date, comparison, computed, policies, problems, overview, figure, yesno, handling, lists, passage];

/** The reply of the best-matching handler that can answer, or null when none can. */
export function route(a: Ask, skip: string[] = []): Reply | null {
  const ranked = HANDLERS.filter((h) => !skip.includes(h.name))
    .map((h) => ({ h, m: h.match(a) }))
    .filter((x) => x.m > 0)
    .sort((x, y) => y.m - x.m);
  for (const { h } of ranked) {
    const reply = h.answer(a);
    if (reply) return { ...reply, handler: reply.handler ?? h.name };
  }
  return null;
}
