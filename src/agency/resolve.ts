// Which agency a question names, from the names found in it (src/answer/understand.ts finds every
// alias, longest first): the corrections no single name decides.
//   - a name in quotes (“上海发布”) is an account or a column, not the agency;
//   - one agency named twice (兰州市城关区人民政府…城关区) is one agency, not a comparison;
//   - a name several agencies answer to (铁东区) after a place the question names (保定市) is that
//     place's; a unit word alone (市政府办) is "our" place's, the one the question names by name;
//   - a place within the agency's after its name (淮安市清江浦区) is another body, not loaded;
//   - a place right before a name that is none of the agency's (盐城市公安局, with only 平潭's loaded) is
//     another agency's, not loaded;
//   - a sub-unit after its name (天津市工信局规划处) is answered for the agency, saying so.
import type { Report } from '../model.js';
import { DOMAIN } from '../domain/load.js';
import { quotedPhrases } from '../answer/content.js';
import { barePlace, splitAgency } from '../answer/agencies.js';
import type { KIndex } from '../answer/knowledge-index.js';
import { gazetteer, placeAt, within } from '../answer/places.js';
import type { Query } from '../answer/understand.js';
import { normalizeText, toSimplified } from '../text.js';
import { agencyIdentity } from './identity.js';

type Named = { word: string; reports: Report[] };
const WHOLE = new RegExp(`全@|${DOMAIN.agencies.wholePlaceWords.join('|')}`);

/** The agencies (by identity) a list of reports is of. */
const identities = (rs: Report[]) => new Set(rs.map((r) => agencyIdentity(r.agency)));
/** The places of an agency's name that a word naming it leaves out (兰州市 of 兰州市铁东区人民政府, named 铁东). */
const placesBeyond = (agency: string, word: string) => splitAgency(agency).places.filter((p) => !word.includes(barePlace(p)));

/** The question with its agency settled (see the top of this file). */
export function resolveAgencies(q: Query, ix: KIndex, raw: string): Query {
  let out: Query = { ...q };
  const settle = (kept: Named[]) => {
    out.agencies = kept;
    const best = [...kept].sort((x, y) => y.word.length - x.word.length)[0];
    out.agencyReports = best?.reports ?? null;
    out.agencyWord = best?.word ?? null;
  };
  // a name in quotes is an account or a column
  const quoted = quotedPhrases(raw);
  if (quoted.length && q.agencies.length) {
    const outside = quoted.reduce((t, p) => t.split(p).join('|'), toSimplified(normalizeText(raw)));
    const kept = q.agencies.filter((a) => outside.includes(a.word));
    if (kept.length < q.agencies.length) settle(kept);
  }
  // one agency named twice, in full and by a name others answer to as well: one agency
  if (out.agencies.length >= 2) {
    const single = out.agencies.filter((x) => identities(x.reports).size === 1).flatMap((x) => [...identities(x.reports)]);
    // of the agencies a shorter name stands for, those of a place the question does not name do not count
    const placeOk = (a: string, word: string) => placesBeyond(a, word).every((p) => out.text.includes(barePlace(p)));
    const same = (x: Named) => [...new Set(x.reports.filter((r) => placeOk(r.agency, x.word)).map((r) => agencyIdentity(r.agency)))].every((a) => single.includes(a));
    const kept = out.agencies.filter((x) => identities(x.reports).size === 1 || !same(x));
    if (kept.length < out.agencies.length) {
      const dropped = out.agencies.filter((x) => !kept.includes(x));
      settle(kept);
      // the second naming is no word of the question: taken out where it stands apart from the full name
      const best = out.agencyWord!;
      out.text = out.text.split(best).map((p) => dropped.reduce((t, x) => t.split(x.word).join(''), p)).join(best);
    }
  }
  // a unit word alone (市政府办) stands for the place the question names by its name
  if (out.agencies.length >= 2) {
    const specific = out.agencies.filter((a) => !/^[市区县省](?!场)/.test(a.word));
    if (specific.length === 1) settle(specific);
  }
  // a place alone names its one loaded agency, never the place as a whole (全天津市各部门): that no report gives
  if (out.agencyWord && ix.placeOnly.has(out.agencyWord) && WHOLE.test(out.text.replace(out.agencyWord, '@')))
    return { ...out, agencyReports: null, agencyWord: null, agencies: [], unknownAgency: out.agencyWord };
  out = narrowByPlace(out);
  out = beforeName(out);
  return afterName(out);
}

/**
 * A place of the gazetteer right before the agency's name that is none of the agency's places, nor a
 * place they lie in (盐城市 + 公安局, with only 平潭综合实验区公安局 loaded): another agency, not loaded.
 */
function beforeName(q: Query): Query {
  if (!q.agencyWord || !q.agencyReports) return q;
  const at = q.text.indexOf(q.agencyWord);
  const before = at > 0 ? q.text.slice(Math.max(0, at - 10), at) : '';
  let place: string | null = null;
  for (let L = before.length; L >= 2 && !place; L--) if (gazetteer().has(before.slice(-L))) place = before.slice(-L);
  if (!place) return q;
  const named = gazetteer().get(place)!.name;
  const ofAgency = (a: string) =>
    splitAgency(a).places.some((p) => p.includes(place!) || named.includes(p) || p.includes(barePlace(named)) || within(p, named) || within(named, p));
  if (q.agencyReports.some((r) => ofAgency(r.agency))) return q;
  return { ...q, agencyReports: null, agencyWord: null, agencies: [], unknownAgency: `${place}${q.agencyWord}` };
}

/** A name several agencies answer to, after a place the question names: that place's agencies. */
function narrowByPlace(q: Query): Query {
  if (!q.agencyWord || !q.agencyReports || identities(q.agencyReports).size < 2) return q;
  const word = q.agencyWord;
  const names = [...new Set(q.agencyReports.map((r) => r.agency))];
  const outside = (a: string) => placesBeyond(a, word);
  const named = (a: string) => outside(a).every((p) => barePlace(p).length >= 2 && q.text.includes(barePlace(p)));
  const confirmed = names.filter((a) => outside(a).length && named(a));
  if (!confirmed.length) return q;
  const keptIds = new Set(names.filter((a) => !outside(a).length || named(a)).map(agencyIdentity));
  const kept = (r: Report) => keptIds.has(agencyIdentity(r.agency));
  if (q.agencyReports.every(kept)) return q;
  // the place named before the word is part of the agency's name, not a word of the question
  const at = q.text.indexOf(word);
  const starts = confirmed.flatMap(outside).map((p) => q.text.lastIndexOf(barePlace(p), at)).filter((i) => i >= 0 && i < at);
  const whole = starts.length ? q.text.slice(Math.min(...starts), at + word.length) : word;
  return {
    ...q,
    agencyReports: q.agencyReports.filter(kept),
    agencies: q.agencies.map((x) => (x.word === word ? { word: whole, reports: x.reports.filter(kept) } : x)),
    agencyWord: whole,
  };
}

/** After the agency's name: a place within it (another body), or a sub-unit (the agency's own office). */
function afterName(q: Query): Query {
  if (!q.agencyWord || !q.agencyReports) return q;
  const at = q.text.indexOf(q.agencyWord);
  const after = at >= 0 ? q.text.slice(at + q.agencyWord.length) : '';
  const place = placeAt(after);
  const own = splitAgency(q.agencyReports[0]!.agency).places;
  if (place && !own.some((p) => p.includes(place.name) || place.name.includes(p)) && own.some((p) => within(place.name, p))) {
    const body = /^[\u4e00-\u9fff]{0,10}?(人民政府|政府|委员会|局|委|厅|办公室|办)/.exec(after.slice(place.name.length))?.[0] ?? '';
    return { ...q, agencyReports: null, agencyWord: null, agencies: [], unknownAgency: `${q.agencyWord}${after.slice(0, place.name.length)}${body}` };
  }
  const unit = /^([\u4e00-\u9fff]{1,6}?(?:处|科|室|中心|支队|大队|站))(?=\d|的|有|在|收|办|受|共|全|$)/.exec(after);
  if (unit && !/^(收到|受理|办理|申请|的|有|在|是)/.test(unit[1]!)) return { ...q, text: q.text.replace(q.agencyWord + unit[1], q.agencyWord), subUnit: unit[1] };
  return q;
}
