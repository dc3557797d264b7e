import { evaluate, type Condition, type Facts } from '../src';

const FACTS: Facts = { tier: 'T3', dangerFlags: ['SELF_HARM'], types: ['NCII', 'INSULT'], authorsKnown: false, empty: [], count: 2 };

describe('conditions', () => {
  const table: [string, Condition, boolean][] = [
    ['in: match', { fact: 'tier', in: ['T2', 'T3'] }, true],
    ['in: no match', { fact: 'tier', in: ['T0'] }, false],
    ['in: missing fact', { fact: 'unknown', in: ['T0'] }, false],
    ['equals false', { fact: 'authorsKnown', equals: false }, true],
    ['equals is strict', { fact: 'count', equals: '2' }, false],
    ['nonEmpty list', { fact: 'dangerFlags', nonEmpty: true }, true],
    ['nonEmpty on empty list', { fact: 'empty', nonEmpty: true }, false],
    ['nonEmpty false on missing fact', { fact: 'unknown', nonEmpty: false }, true],
    ['intersects', { fact: 'types', intersects: ['NCII', 'CSAM', 'SEXTORTION'] }, true],
    ['intersects none', { fact: 'types', intersects: ['CSAM'] }, false],
    [
      'all',
      {
        all: [
          { fact: 'tier', in: ['T3'] },
          { fact: 'authorsKnown', equals: false },
        ],
      },
      true,
    ],
    [
      'all with one false',
      {
        all: [
          { fact: 'tier', in: ['T3'] },
          { fact: 'authorsKnown', equals: true },
        ],
      },
      false,
    ],
    [
      'any',
      {
        any: [
          { fact: 'tier', in: ['T0'] },
          { fact: 'dangerFlags', nonEmpty: true },
        ],
      },
      true,
    ],
    ['not', { not: { fact: 'tier', in: ['T3'] } }, false],
    ['in on a list fact is false', { fact: 'types', in: ['NCII'] }, false],
  ];
  for (const [name, condition, expected] of table) {
    it(name, () => expect(evaluate(condition, FACTS)).toBe(expected));
  }
});
