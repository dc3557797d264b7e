// Computing the state of a case with 500 events, against the cost of reading those events (JSON parse of the
// stored rows), measured in the same run.
import { computeCaseState, makeCalendar } from '@sanad/protocols';
import { loadDefinitions } from '@sanad/protocols/node';
import { measure, report } from './lib/measure.mjs';
import { mppCaseEvents } from './lib/reference-case.mjs';

const def = loadDefinitions().find((l) => l.definition.id === 'ma-cyberharassment').definition;
const calendar = makeCalendar({ holidays: [{ from: '2026-12-31', to: '2027-01-01' }] });
const events = mppCaseEvents(def, 500, calendar);
const stored = events.map((e) => ({ ...e, payload: JSON.stringify(e.payload) }));
const now = new Date(Date.parse(events.at(-1).at) + 86_400_000).toISOString();

const baseline = measure(() => stored.map((r) => ({ ...r, payload: JSON.parse(r.payload) })));
const engine = measure(() => computeCaseState(def, events, { now, calendar }));
const loadAndCompute = measure(() =>
  computeCaseState(
    def,
    stored.map((r) => ({ ...r, payload: JSON.parse(r.payload) })),
    { now, calendar },
  ),
);
const s = computeCaseState(def, events, { now, calendar });

report(`Engine: one case with ${events.length} events (state ${s.state}, ${s.steps.length} steps)`, [
  ['baseline: parse the 500 stored events (JSON)', baseline],
  ['computeCaseState (events already parsed)', engine],
  ['parse + computeCaseState (what GET /api/cases/:id does)', loadAndCompute],
]);
console.log(`  ratio computeCaseState / baseline parse: ${(engine.median / baseline.median).toFixed(1)}x`);
console.log(
  JSON.stringify({
    bench: 'engine-500-events',
    baselineMs: baseline.median,
    engineMs: engine.median,
    totalMs: loadAndCompute.median,
    ratio: engine.median / baseline.median,
  }),
);
