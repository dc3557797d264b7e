import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ProtocolDefinition } from '@sanad/protocols';
import { LanguageService } from '../../core/language.service';
import { FIXTURE_DEF, fixtureDetail, view } from '../../../testing/protocol-fixture';
import { provideTestTransloco, settle } from '../../../testing/testing';
import { CaseDetail } from '../workflow.model';
import { ReportedDangerComponent } from './reported-danger.component';

const L = (fr: string, ar = fr, en = fr) => ({ fr, ar, en });

/** The fixture protocol whose danger check asks the danger signs. */
export const DANGER_DEF: ProtocolDefinition = {
  ...FIXTURE_DEF,
  phases: FIXTURE_DEF.phases.map((phase) => ({
    ...phase,
    steps: phase.steps.map((step) =>
      step.id !== 'danger_check'
        ? step
        : {
            ...step,
            form: {
              fields: [
                {
                  id: 'dangerFlags',
                  type: 'multiChoice',
                  required: false,
                  label: L('Signes de danger'),
                  options: [
                    { value: 'SELF_HARM', label: L("Risque d'automutilation ou de suicide", 'خطر إيذاء النفس أو الانتحار') },
                    { value: 'SEXTORTION', label: L('Sextorsion', 'الابتزاز الجنسي') },
                  ],
                },
                ...(step.form?.fields ?? []),
              ],
            },
          },
    ),
  })),
};

const REPORTED = { flags: ['SEXTORTION', 'SELF_HARM'], at: '2025-03-11T09:00:00.000Z', by: { id: 'u1', displayName: 'Amina Benali' } };

describe('ReportedDangerComponent', () => {
  let fixture: ComponentFixture<ReportedDangerComponent>;
  let el: HTMLElement;
  const q = (testId: string) => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

  async function render(detail: CaseDetail, lang: 'fr' | 'ar' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(ReportedDangerComponent);
    fixture.componentRef.setInput('detail', detail);
    fixture.componentRef.setInput('definition', DANGER_DEF);
    el = fixture.nativeElement as HTMLElement;
    await settle();
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideTestTransloco(), provideRouter([])],
    });
  });

  it('names the signs, who reported them and when, and leads the coordinator to the danger check', async () => {
    await render(fixtureDetail({ reportedDanger: REPORTED }));
    expect(q('reported-danger')?.textContent).toContain('Danger signalé par Amina Benali le');
    expect(Array.from(q('reported-danger-signs')!.querySelectorAll('li')).map((li) => li.textContent?.trim())).toEqual([
      'Sextorsion',
      "Risque d'automutilation ou de suicide",
    ]);
    expect(q('reported-danger-check')?.getAttribute('href')).toBe('/cases/c1/steps/danger_check');
  });

  it('in Arabic; without the link for someone who does not do the check', async () => {
    await render(fixtureDetail({ reportedDanger: REPORTED, actions: [] }), 'ar');
    expect(q('reported-danger-signs')?.textContent).toContain('الابتزاز الجنسي');
    expect(q('reported-danger-check')).toBeNull();
  });

  it('is gone once the danger check is done, and absent when nothing was reported', async () => {
    const done = fixtureDetail({ reportedDanger: REPORTED });
    done.steps = done.steps.map((s) => (s.stepId === 'danger_check' ? view('danger_check', 'intake', 'done') : s));
    await render(done);
    expect(q('reported-danger')).toBeNull();
    fixture.componentRef.setInput('detail', fixtureDetail({ reportedDanger: null }));
    await fixture.whenStable();
    expect(q('reported-danger')).toBeNull();
  });
});
