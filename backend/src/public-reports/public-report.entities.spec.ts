import { reporterStatus } from './public-report.entities';
import { helplines, PUBLIC_HELPLINES } from './public-reports.service';

describe('public reports: what the reporter and the page see', () => {
  it('says the status in three plain words', () => {
    expect(reporterStatus({ status: 'pending', closedAt: null })).toBe('received');
    expect(reporterStatus({ status: 'converted', closedAt: null })).toBe('in_progress');
    expect(reporterStatus({ status: 'linked', closedAt: null })).toBe('in_progress');
    expect(reporterStatus({ status: 'dismissed', closedAt: null })).toBe('closed');
    expect(reporterStatus({ status: 'converted', closedAt: '2026-11-23T08:00:00.000Z' })).toBe('closed');
  });

  it('lists the EMC helpline, ONDE 2511, police 19 and gendarmerie 177 from the escalation directory, in order', () => {
    const list = helplines(null);
    expect(list.map((h) => h.id)).toEqual([...PUBLIC_HELPLINES]);
    expect(list.find((h) => h.id === 'POLICE_19')).toEqual(jasmine.objectContaining({ phone: '19' }));
    expect(list.find((h) => h.id === 'ONDE_2511')).toEqual(jasmine.objectContaining({ phone: '2511', url: 'https://www.2511.ma' }));
    expect(list.find((h) => h.id === 'EMC_HELPLINE')).toEqual(
      jasmine.objectContaining({ url: 'https://cyberconfiance.ma/helpline', whatsapp: '+212624405889' }),
    );
    expect(list.find((h) => h.id === 'EMC_HELPLINE')?.phone).toBeUndefined();
    for (const h of list) for (const lang of ['fr', 'ar', 'en'] as const) expect(h.name[lang]).withContext(`${h.id}.${lang}`).toBeTruthy();
  });
});
