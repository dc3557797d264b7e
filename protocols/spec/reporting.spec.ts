import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dueTransmissions, transmissionStatuses, type ReportingDef } from '../src';
import { findDefinition, loadDefinitions, PROTOCOLS_DIR } from '../src/node';
import { checkReportingFile, validateDefinitionData } from '../src/validation';
import { cloneDefinition, loadReference } from './support/reference';

const RULES: ReportingDef = {
  transmissions: [
    {
      id: 'triage_report',
      label: { fr: 'Après le tri', ar: 'بعد الفرز', en: 'After triage' },
      after: ['triage'],
      when: { fact: 'tier', in: ['T2', 'T3'] },
    },
    {
      id: 'closure_report',
      label: { fr: 'Clôture', ar: 'الإغلاق', en: 'Closure' },
      after: ['closure_signoff'],
      when: { fact: 'closureDecision', in: ['APPROVE'] },
    },
  ],
};

describe('reporting section', () => {
  const reference = loadReference();
  const withRules = (rules: unknown) => ({ ...cloneDefinition(reference), reporting: rules });

  it('accepts a valid section in a definition', () => {
    expect(validateDefinitionData(withRules(RULES), 'x.yaml').errors).toEqual([]);
  });

  it('names the transmission and the reason for each mistake', () => {
    const bad = JSON.parse(JSON.stringify(RULES)) as ReportingDef;
    bad.transmissions[0].after = ['triage', 'no_such_step'];
    bad.transmissions[0].when = { fact: 'tier', in: ['T9'] };
    bad.transmissions[1].id = 'triage_report';
    bad.transmissions[1].when = { fact: 'mood', equals: 'x' };
    bad.transmissions.push({ id: 'school_summary', label: { fr: 'a', ar: 'b', en: 'c' }, after: ['triage'] });
    const errors = validateDefinitionData(withRules(bad), 'x.yaml').errors.map((e) => `${e.path} | ${e.message}`);
    expect(errors).toEqual(
      jasmine.arrayWithExactContents([
        "/reporting/transmissions/0/after/1 | unknown step 'no_such_step'",
        "/reporting/transmissions/0/when | value 'T9' is not an option of fact 'tier'",
        "/reporting/transmissions/1/id | duplicate transmission id 'triage_report'",
        "/reporting/transmissions/1/when/fact | unknown fact 'mood' (no step sets it)",
        "/reporting/transmissions/2/id | 'school_summary' is reserved for the periodic school summaries",
      ]),
    );
  });

  it('checks the shape with the schema (missing label, empty after, unknown property)', () => {
    const errors = validateDefinitionData(withRules({ transmissions: [{ id: 'x', after: [], sendTo: 'academy' }] }), 'x.yaml').errors.map(
      (e) => `${e.path} | ${e.message}`,
    );
    expect(errors).toContain("/reporting/transmissions/0 | missing required property 'label'");
    expect(errors).toContain("/reporting/transmissions/0/sendTo | unknown property 'sendTo'");
    expect(errors.some((e) => e.startsWith('/reporting/transmissions/0/after |'))).toBeTrue();
  });

  it('checks a reporting.yaml against one version', () => {
    expect(checkReportingFile(reference, RULES, 'r.yaml')).toEqual({ reporting: RULES, errors: [] });
    const shape = checkReportingFile(reference, { transmissions: 'all' }, 'r.yaml');
    expect(shape.reporting).toBeUndefined();
    expect(shape.errors[0]).toEqual({ file: 'r.yaml', path: '/transmissions', message: 'must be of type array' });
    const rules = checkReportingFile(reference, { transmissions: [{ ...RULES.transmissions[0], after: ['nope'] }] }, 'r.yaml');
    expect(rules.errors.map((e) => e.path)).toEqual(['/transmissions/0/after/0']);
  });
});

describe('reporting.yaml next to the versions', () => {
  it('gives the reference protocol 1.0.0 (published without a section) the rules of its reporting.yaml', () => {
    const loaded = findDefinition(loadDefinitions(), 'ma-cyberharassment', '1.0.0')!;
    expect(loaded.definition.reporting).toBeUndefined();
    expect(loaded.reportingFile).toBe('ma-cyberharassment/reporting.yaml');
    expect(loaded.reporting?.transmissions.map((t) => t.id)).toEqual(['triage_report', 'closure_report']);
  });

  describe('in a folder of its own', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'reporting-'));
      cpSync(join(PROTOCOLS_DIR, 'ma-cyberharassment'), join(dir, 'ma-cyberharassment'), { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses to load rules that name a step the version lacks', () => {
      writeFileSync(
        join(dir, 'ma-cyberharassment', 'reporting.yaml'),
        'transmissions:\n  - { id: x, label: { fr: a, ar: b, en: c }, after: [nowhere] }\n',
      );
      expect(() => loadDefinitions(dir)).toThrowError(
        /ma-cyberharassment\/reporting\.yaml: \/transmissions\/0\/after\/0: unknown step 'nowhere'/,
      );
    });

    it('loads without reporting rules when there is no reporting.yaml', () => {
      rmSync(join(dir, 'ma-cyberharassment', 'reporting.yaml'));
      expect(findDefinition(loadDefinitions(dir), 'ma-cyberharassment', '1.0.0')!.reporting).toBeUndefined();
    });
  });
});

describe('dueTransmissions', () => {
  const triaged = { facts: { tier: 'T2' }, completedSteps: ['intake', 'danger_check', 'triage'], sent: [] };

  it('is due after a T2 or T3 triage, not after T0 or T1', () => {
    expect(dueTransmissions(RULES, triaged).map((t) => t.id)).toEqual(['triage_report']);
    expect(dueTransmissions(RULES, { ...triaged, facts: { tier: 'T3' } }).map((t) => t.id)).toEqual(['triage_report']);
    expect(dueTransmissions(RULES, { ...triaged, facts: { tier: 'T1' } })).toEqual([]);
  });

  it('waits for every step of after (a triage awaiting its co-signature is not done)', () => {
    expect(dueTransmissions(RULES, { ...triaged, completedSteps: ['intake'] })).toEqual([]);
  });

  it('is no longer due once sent', () => {
    expect(dueTransmissions(RULES, { ...triaged, sent: ['triage_report'] })).toEqual([]);
  });

  it('is due at an approved closure for every tier', () => {
    const closed = { facts: { tier: 'T0', closureDecision: 'APPROVE' }, completedSteps: ['triage', 'closure_signoff'], sent: [] };
    expect(dueTransmissions(RULES, closed).map((t) => t.id)).toEqual(['closure_report']);
    expect(dueTransmissions(RULES, { ...closed, facts: { tier: 'T0', closureDecision: 'RETURN' } })).toEqual([]);
  });

  it('gives each transmission a status, and nothing without rules', () => {
    expect(transmissionStatuses(RULES, { ...triaged, sent: ['triage_report'] }).map((s) => s.status)).toEqual(['sent', 'not_due']);
    expect(dueTransmissions(undefined, triaged)).toEqual([]);
  });
});
