import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { apiInterceptor } from '../../../core/api.interceptor';
import { AuthService } from '../../../core/auth.service';
import { LanguageService } from '../../../core/language.service';
import { User } from '../../../core/user';
import { fixtureDetail } from '../../../../testing/protocol-fixture';
import { provideTestTransloco, settle, signInAs, TEST_USER } from '../../../../testing/testing';
import { StaffMember } from '../../case.model';
import { CaseDetail } from '../../workflow.model';
import { CaseAccessComponent } from './case-access.component';

const STAFF: StaffMember[] = [
  { id: 's1', displayName: 'Youssef Idrissi', roles: ['team_member'] },
  { id: 'u1', displayName: 'Amina Benali', roles: ['coordinator'] },
  { id: 's3', displayName: 'Nadia Berrada', roles: ['principal'] },
];

const open = (canChange = true): CaseDetail => fixtureDetail({ access: { restricted: false, members: [], canChange } });

describe('CaseAccessComponent', () => {
  let fixture: ComponentFixture<CaseAccessComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  let emitted: CaseDetail[];

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (e: Element | null) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }
  async function render(role: User['role'], detail: CaseDetail, lang: 'fr' | 'ar' = 'fr'): Promise<void> {
    await signInAs(TestBed.inject(AuthService), controller, role);
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(CaseAccessComponent);
    fixture.componentRef.setInput('detail', detail);
    emitted = [];
    fixture.componentInstance.changed.subscribe((d) => emitted.push(d));
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await stable();
  }
  async function openEditor(): Promise<void> {
    q('access-change')!.click();
    await stable();
    controller.expectOne('/api/cases/staff').flush(STAFF);
    await stable();
  }
  function typeReason(value: string): void {
    const t = q<HTMLTextAreaElement>('access-reason')!;
    t.value = value;
    t.dispatchEvent(new Event('input'));
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    controller.verify();
    el?.remove();
  });

  it('says who sees the case, without a change button for someone who may not change it', async () => {
    await render('team_member', open(false));
    expect(text(q('case-access'))).toBe("Toute l'équipe de l'établissement");
    expect(q('access-change')).toBeNull();
    fixture.componentRef.setInput(
      'detail',
      fixtureDetail({ access: { restricted: true, members: [{ id: 'u2', displayName: 'Karim Alaoui' }], canChange: false } }),
    );
    await stable();
    expect(text(q('case-access'))).toBe('Restreint à : Karim Alaoui (et le directeur)');
  });

  it('lets the principal restrict the case to chosen colleagues, with a reason, and emits the new case', async () => {
    await render('principal', open());
    await openEditor();
    // restricting is proposed first; the principals are not offered (they always see it)
    expect(q<HTMLInputElement>('access-restricted')!.checked).toBeTrue();
    expect(Array.from(el.querySelectorAll('[data-testid="access-member"] + label')).map((l) => l.textContent?.trim())).toEqual([
      'Youssef Idrissi',
      'Amina Benali',
    ]);
    q<HTMLInputElement>('access-member')!.click();
    await stable();
    q('access-save')!.click();
    await stable();
    controller.expectNone('/api/cases/c1/restriction');
    expect(text(el.querySelector('#access-reason-error'))).toContain('Expliquez la raison en 3 à 500 caractères');
    expect(q('access-reason')!.getAttribute('aria-describedby')).toBe('access-reason-hint access-reason-error');
    typeReason('  Membre du personnel mis en cause ');
    q('access-save')!.click();
    await stable();
    const req = controller.expectOne('/api/cases/c1/restriction');
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({ expectedSeq: 4, restricted: true, members: ['s1'], reason: 'Membre du personnel mis en cause' });
    const updated = fixtureDetail({
      lastEventSeq: 5,
      access: { restricted: true, members: [{ id: 'u1', displayName: 'Amina Benali' }], canChange: true },
    });
    req.flush(updated);
    await stable();
    expect(emitted).toEqual([updated]);
    expect(q('access-form')).toBeNull();
  });

  it('does not offer the coordinator themself (they stay in) and shows the refusal of the API next to the list, in Arabic', async () => {
    await render('coordinator', open(), 'ar');
    await openEditor();
    const offered = Array.from(el.querySelectorAll('[data-testid="access-member"] + label')).map((l) => l.textContent?.trim());
    expect(offered).toEqual(['Youssef Idrissi']);
    expect(TEST_USER.id).toBe('u1');
    typeReason('سبب كاف');
    q('access-save')!.click();
    await stable();
    controller.expectOne('/api/cases/c1/restriction').flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'x',
        details: [{ field: 'members', code: 'case.restriction.members.assignee', message: 'يجب أن يبقى المكلّف' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await stable();
    expect(text(el.querySelector('#access-members-error'))).toContain('يجب أن يبقى المكلّف');
    expect(emitted).toEqual([]);
  });
});
