import { validateSubmission, type Answers, type ProtocolDefinition } from '../src';
import { validateDefinitionData } from '../src/validation';

const L = (en: string): { fr: string; ar: string; en: string } => ({ fr: `fr ${en}`, ar: `ar ${en}`, en });

function formDefinition(): ProtocolDefinition {
  return {
    id: 'forms',
    version: '1.0.0',
    status: 'draft',
    title: L('Forms'),
    languages: ['fr', 'ar', 'en'],
    metadata: { source: 'spec', date: '2026-11-22', approvedBy: 'spec' },
    roles: [
      { id: 'coordinator', label: L('Coordinator') },
      { id: 'principal', label: L('Principal') },
    ],
    states: [
      { id: 'OPEN', label: L('Open'), initial: true },
      { id: 'CLOSED', label: L('Closed'), closed: true },
    ],
    closure: { signOffRoles: ['principal'] },
    reopen: { roles: ['principal'], to: 'OPEN' },
    phases: [
      {
        id: 'main',
        title: L('Main'),
        steps: [
          {
            id: 'record',
            title: L('Record'),
            guidance: L('Record it.'),
            roles: ['coordinator'],
            availableIn: ['OPEN'],
            form: {
              fields: [
                { id: 'code', type: 'text', label: L('Code'), required: true, minLength: 3, maxLength: 6, pattern: '^[A-Z]+$' },
                { id: 'count', type: 'number', label: L('Count'), required: false, min: 1, max: 10 },
                { id: 'day', type: 'date', label: L('Day'), required: false },
                { id: 'moment', type: 'datetime', label: L('Moment'), required: false },
                { id: 'known', type: 'yesNo', label: L('Known'), required: true },
                { id: 'who', type: 'personRef', label: L('Who'), required: true, when: { fact: 'known', equals: true } },
                {
                  id: 'level',
                  type: 'choice',
                  label: L('Level'),
                  required: false,
                  options: [
                    { value: 'LOW', label: L('Low') },
                    { value: 'HIGH', label: L('High'), when: { fact: 'known', equals: true } },
                  ],
                },
                {
                  id: 'tags',
                  type: 'multiChoice',
                  label: L('Tags'),
                  required: false,
                  min: 1,
                  max: 2,
                  options: [
                    { value: 'A', label: L('A') },
                    { value: 'B', label: L('B') },
                    { value: 'C', label: L('C') },
                  ],
                },
                { id: 'where', type: 'platform', label: L('Where'), required: false },
              ],
            },
            checklist: {
              items: [
                { id: 'told', label: L('Told'), required: true },
                { id: 'extra', label: L('Extra'), required: false },
              ],
            },
            sets: { known: 'known' },
          },
          {
            id: 'close',
            title: L('Close'),
            guidance: L('Close it.'),
            roles: ['principal'],
            availableIn: ['OPEN'],
            transitions: [{ to: 'CLOSED' }],
          },
        ],
      },
    ],
  };
}

const VALID: Answers = { code: 'ABC', known: false };

function codes(answers: Answers, checklist: string[] = ['told'], role = 'coordinator'): [string, string][] {
  return validateSubmission(formDefinition(), 'record', answers, role, { facts: {} }, checklist).errors.map((e) => [e.field, e.code]);
}

describe('validateSubmission', () => {
  it('the spec definition is itself a valid protocol', () => {
    expect(validateDefinitionData(formDefinition(), 'forms.yaml').errors).toEqual([]);
  });

  it('accepts a valid submission', () => {
    expect(codes(VALID)).toEqual([]);
    expect(
      codes(
        {
          ...VALID,
          known: true,
          who: 'pupil-12',
          level: 'HIGH',
          tags: ['A', 'C'],
          where: 'TIKTOK',
          count: 10,
          day: '2026-02-28',
          moment: '2026-02-28T10:00:00+01:00',
        },
        ['told', 'extra'],
      ),
    ).toEqual([]);
  });

  const table: [string, Answers, [string, string][]][] = [
    ['required', { known: false }, [['code', 'required']]],
    ['empty text counts as missing', { code: '', known: false }, [['code', 'required']]],
    ['minLength', { ...VALID, code: 'AB' }, [['code', 'minLength']]],
    ['maxLength', { ...VALID, code: 'ABCDEFG' }, [['code', 'maxLength']]],
    ['pattern', { ...VALID, code: 'abc' }, [['code', 'pattern']]],
    ['min', { ...VALID, count: 0 }, [['count', 'min']]],
    ['max', { ...VALID, count: 11 }, [['count', 'max']]],
    ['number type', { ...VALID, count: '3' }, [['count', 'type']]],
    ['yes/no type', { code: 'ABC', known: 'yes' }, [['known', 'type']]],
    ['impossible date', { ...VALID, day: '2026-02-30' }, [['day', 'date']]],
    ['datetime without zone', { ...VALID, moment: '2026-02-28T10:00' }, [['moment', 'date']]],
    ['unknown option', { ...VALID, level: 'MEDIUM' }, [['level', 'option']]],
    ['option not allowed by a condition', { ...VALID, level: 'HIGH' }, [['level', 'option_not_allowed']]],
    ['too many choices', { ...VALID, tags: ['A', 'B', 'C'] }, [['tags', 'max']]],
    ['duplicate choices', { ...VALID, tags: ['A', 'A'] }, [['tags', 'type']]],
    ['unknown platform', { ...VALID, where: 'MYSPACE' }, [['where', 'option']]],
    ['conditional field becomes required', { ...VALID, known: true }, [['who', 'required']]],
    ['conditional field not asked', { ...VALID, who: 'pupil-1' }, [['who', 'not_applicable']]],
    ['unknown field', { ...VALID, colour: 'red' }, [['colour', 'unknown_field']]],
  ];
  for (const [name, answers, expected] of table) {
    it(`reports ${name}`, () => expect(codes(answers)).toEqual(expected));
  }

  it('checks the checklist', () => {
    expect(codes(VALID, [])).toEqual([['checklist.told', 'required']]);
    expect(codes(VALID, ['told', 'bogus'])).toEqual([['checklist.bogus', 'unknown_field']]);
  });

  it('checks the role and the step', () => {
    expect(codes(VALID, ['told'], 'principal')).toEqual([['', 'role_not_allowed']]);
    expect(validateSubmission(formDefinition(), 'nope', {}, 'coordinator', { facts: {} }).errors.map((e) => e.code)).toEqual([
      'step_unknown',
    ]);
  });

  it('gives every error a message in French, Arabic and English, with its parameters filled', () => {
    const [error] = validateSubmission(formDefinition(), 'record', { ...VALID, count: 11 }, 'coordinator', { facts: {} }, ['told']).errors;
    expect(error?.params).toEqual({ max: 10 });
    expect(error?.message.en).toBe('The value must be at most 10.');
    expect(error?.message.fr).toContain('10');
    expect(error?.message.ar).toContain('10');
  });
});
