import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageFile } from './support/paths';
import { cloneDefinition, loadReference, REFERENCE_FILE } from './support/reference';
import { protocolSchema, validateDefinition, validateDefinitionData, type DefinitionError } from '../src/validation';

const INVALID_DIR = findPackageFile('invalid');

interface Expected {
  path: string;
  reason: string;
}

function readExpected(name: string): Expected[] {
  return readFileSync(join(INVALID_DIR, `${name}.expected.txt`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [path = '', ...rest] = line.split(' | ');
      return { path: path === '(root)' ? '' : path, reason: rest.join(' | ') };
    });
}

function matches(error: DefinitionError, expected: Expected, file: string): boolean {
  const reasonOk = expected.reason.endsWith('*')
    ? error.message.startsWith(expected.reason.slice(0, -1))
    : error.message === expected.reason;
  return error.file === file && error.path === expected.path && reasonOk;
}

describe('validateDefinition', () => {
  it('accepts the reference protocol ma-cyberharassment 1.0.0', () => {
    const result = validateDefinition(readFileSync(REFERENCE_FILE, 'utf8'), '1.0.0.yaml');
    expect(result.errors).toEqual([]);
    expect(result.ok).toBeTrue();
    expect(result.definition?.status).toBe('published');
  });

  it('accepts the minimal fixture every invalid file is derived from', () => {
    const text = readFileSync(findPackageFile('spec/fixtures/minimal-valid.yaml'), 'utf8');
    expect(validateDefinition(text, 'minimal-valid.yaml').errors).toEqual([]);
  });

  const fixtures = readdirSync(INVALID_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  it('has at least 8 invalid fixtures, each with an expected file', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
    for (const f of fixtures)
      expect(readExpected(f.replace(/\.yaml$/, '')).length)
        .withContext(f)
        .toBeGreaterThan(0);
  });

  for (const file of fixtures) {
    const name = file.replace(/\.yaml$/, '');
    it(`rejects invalid/${file} with exactly the expected errors`, () => {
      const expected = readExpected(name);
      const result = validateDefinition(readFileSync(join(INVALID_DIR, file), 'utf8'), file);
      expect(result.ok).toBeFalse();
      expect(result.definition).toBeUndefined();
      expect(result.errors.length).withContext(JSON.stringify(result.errors)).toBe(expected.length);
      expected.forEach((exp, i) => {
        const actual = result.errors[i];
        expect(actual !== undefined && matches(actual, exp, file))
          .withContext(`${JSON.stringify(actual)} vs ${JSON.stringify(exp)}`)
          .toBeTrue();
      });
    });
  }
});

describe('semantic checks on the reference protocol', () => {
  const cases: { name: string; mutate: (d: ReturnType<typeof loadReference>) => void; path: string; message: string }[] = [
    {
      name: 'a renamed state leaves dangling references',
      mutate: (d) => {
        const closed = d.states.find((s) => s.id === 'CLOSED');
        if (closed) closed.id = 'DONE';
      },
      path: '/phases/9/steps/1/transitions/0/to',
      message: "unknown state 'CLOSED'",
    },
    {
      name: 'closing through the coordinator alone',
      mutate: (d) => {
        const signoff = d.phases.flatMap((p) => p.steps).find((s) => s.id === 'closure_signoff');
        if (signoff) signoff.roles = ['coordinator'];
      },
      path: '/phases/9/steps/1/transitions/0/to',
      message: "step 'closure_signoff' closes the case without sign-off by principal",
    },
    {
      name: 'a condition on a tier that does not exist',
      mutate: (d) => {
        const plan = d.phases.flatMap((p) => p.steps).find((s) => s.id === 'protection_plan');
        if (plan) plan.when = { fact: 'tier', in: ['T1', 'T4'] };
      },
      path: '/phases/2/steps/1/when',
      message: "value 'T4' is not an option of fact 'tier'",
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      const def = cloneDefinition(loadReference());
      c.mutate(def);
      const result = validateDefinitionData(def, 'mutated.yaml');
      expect(result.errors).toContain({ file: 'mutated.yaml', path: c.path, message: c.message });
    });
  }
});

describe('protocol JSON Schema', () => {
  function propertiesWithoutDocs(node: unknown, path: string): string[] {
    if (Array.isArray(node)) return node.flatMap((n, i) => propertiesWithoutDocs(n, `${path}/${i}`));
    if (node === null || typeof node !== 'object') return [];
    const record = node as Record<string, unknown>;
    const missing: string[] = [];
    const props = record['properties'];
    if (props && typeof props === 'object') {
      for (const [name, schema] of Object.entries(props as Record<string, Record<string, unknown>>)) {
        if (typeof schema['title'] !== 'string' || typeof schema['description'] !== 'string') missing.push(`${path}/properties/${name}`);
      }
    }
    return [...missing, ...Object.entries(record).flatMap(([k, v]) => propertiesWithoutDocs(v, `${path}/${k}`))];
  }

  it('gives every property a title and a description', () => {
    expect(propertiesWithoutDocs(protocolSchema, '')).toEqual([]);
  });

  it('has its own title and description', () => {
    expect(protocolSchema.title).toBeTruthy();
    expect(protocolSchema.description).toBeTruthy();
  });
});
