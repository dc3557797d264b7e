import { findStep, stepResources } from '@sanad/protocols';
import { FIXTURE_KNOWLEDGE, RESOURCES_DEF } from '../../testing/protocol-fixture';
import { contactLink, resourceEntries, webLink } from './resources';

describe('step resources', () => {
  const step = (id: string) => findStep(RESOURCES_DEF, id)!;

  it('resolves `platforms: true` to the guides of the platforms recorded in the case, after the fixed guides', () => {
    const resolved = stepResources(RESOURCES_DEF, step('platform_report'), { platforms: ['INSTAGRAM', 'TELEGRAM'] });
    expect(resolved).toEqual({ directory: ['EMC_HELPLINE'], guides: ['INSTAGRAM', 'TELEGRAM'] });
    expect(stepResources(RESOURCES_DEF, step('platform_report'), {}).guides).toEqual([]);
    expect(stepResources(RESOURCES_DEF, step('emergency_report'), { platforms: ['INSTAGRAM'] }).guides).toEqual(['TAKE_IT_DOWN']);
    expect(stepResources(RESOURCES_DEF, step('intake'), { platforms: ['INSTAGRAM'] })).toEqual({ directory: [], guides: [] });
  });

  it('looks the ids up in the knowledge base, in the protocol order, leaving out unknown ones', () => {
    const entries = resourceEntries(FIXTURE_KNOWLEDGE, { directory: ['POLICE_19', 'NOPE', 'EMC_HELPLINE'], guides: ['X', 'TELEGRAM'] });
    expect(entries.directory.map((e) => e.id)).toEqual(['POLICE_19', 'EMC_HELPLINE']);
    expect(entries.guides.map((g) => g.code)).toEqual(['TELEGRAM']);
    expect(entries.captureAlways).toBe(FIXTURE_KNOWLEDGE.platforms.captureAlways);
  });

  it('turns contacts into tel:, wa.me, mailto: and web links, and refuses anything else', () => {
    expect(contactLink({ kind: 'phone', value: '+212 5 37 00 00 00' })).toEqual({
      kind: 'phone',
      label: '+212 5 37 00 00 00',
      href: 'tel:+212537000000',
      external: false,
    });
    expect(contactLink({ kind: 'whatsapp', value: '+212624405889' }).href).toBe('https://wa.me/212624405889');
    expect(contactLink({ kind: 'email', value: 'a@b.ma' }).href).toBe('mailto:a@b.ma');
    expect(contactLink({ kind: 'email', value: 'javascript:alert(1)' }).href).toBeNull();
    expect(contactLink({ kind: 'url', value: 'https://www.e-blagh.ma/' })).toEqual({
      kind: 'url',
      label: 'www.e-blagh.ma',
      href: 'https://www.e-blagh.ma/',
      external: true,
    });
    expect(contactLink({ kind: 'url', value: 'javascript:alert(1)' }).href).toBeNull();
    expect(webLink('ftp://x')).toBeNull();
    expect(webLink(null)).toBeNull();
  });
});
