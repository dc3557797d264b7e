import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { apiInterceptor } from '../../../core/api.interceptor';
import { AuthService } from '../../../core/auth.service';
import { LanguageService } from '../../../core/language.service';
import { User } from '../../../core/user';
import { fixtureDetail } from '../../../../testing/protocol-fixture';
import { provideTestTransloco, settle, signInAs } from '../../../../testing/testing';
import { StaffMember } from '../../case.model';
import { CaseDetail } from '../../workflow.model';
import { CaseAssigneeComponent } from './case-assignee.component';

const STAFF: StaffMember[] = [
  { id: 'u1', displayName: 'Amina Benali', roles: ['team_member'] },
  { id: 'u2', displayName: 'Karim Alaoui', roles: ['coordinator'] },
  { id: 'u3', displayName: 'Nadia Berrada', roles: ['principal'] },
];

describe('CaseAssigneeComponent', () => {
  let fixture: ComponentFixture<CaseAssigneeComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  let emitted: CaseDetail[];

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (e: Element | null) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  async function render(role: User['role'], detail: CaseDetail = fixtureDetail(), lang: 'fr' | 'ar' = 'fr'): Promise<void> {
    await signInAs(TestBed.inject(AuthService), controller, role);
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(CaseAssigneeComponent);
    fixture.componentRef.setInput('detail', detail);
    emitted = [];
    fixture.componentInstance.changed.subscribe((d) => emitted.push(d));
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await stable();
  }
  async function openEditor(staff: StaffMember[] = STAFF): Promise<void> {
    q('assignee-change')!.click();
    await stable();
    controller.expectOne('/api/cases/staff').flush(staff);
    await stable();
  }
  const options = () => Array.from(q<HTMLSelectElement>('assignee-select')!.options).map((o) => o.textContent?.trim());
  function choose(value: string): void {
    const select = q<HTMLSelectElement>('assignee-select')!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
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

  it('shows who is in charge, or nobody, and no change button to a team member', async () => {
    await render('team_member');
    expect(text(q('case-assignee'))).toBe("Personne pour l'instant");
    expect(q('assignee-change')).toBeNull();
    fixture.componentRef.setInput(
      'detail',
      fixtureDetail({ case: { ...fixtureDetail().case, assignee: { id: 'u2', displayName: 'Karim Alaoui' } } }),
    );
    await stable();
    expect(text(q('case-assignee'))).toBe('Karim Alaoui');
  });

  it('lets the coordinator put a colleague in charge and emits the case the API returns', async () => {
    await render('coordinator');
    await openEditor();
    expect(options()).toEqual(["Personne pour l'instant", 'Amina Benali', 'Karim Alaoui', 'Nadia Berrada']);
    expect(document.activeElement?.id).toBe('assignee-select');
    choose('u1');
    q<HTMLButtonElement>('assignee-save')!.click();
    await stable();
    const req = controller.expectOne('/api/cases/c1/assignee');
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({ expectedSeq: 4, assigneeId: 'u1' });
    const updated = fixtureDetail({
      lastEventSeq: 5,
      case: { ...fixtureDetail().case, assignee: { id: 'u1', displayName: 'Amina Benali' } },
    });
    req.flush(updated);
    await stable();
    expect(emitted).toEqual([updated]);
    expect(q('assignee-form')).toBeNull();
  });

  it('offers only the people who see a restricted case (and the principal)', async () => {
    const base = fixtureDetail();
    await render('principal', {
      ...base,
      case: { ...base.case, restricted: true },
      access: { restricted: true, members: [{ id: 'u2', displayName: 'Karim Alaoui' }], canChange: true },
    });
    await openEditor();
    expect(options()).toEqual(["Personne pour l'instant", 'Karim Alaoui', 'Nadia Berrada']);
  });

  it('shows the refusal of the API above the list, linked to it, in Arabic', async () => {
    await render('coordinator', fixtureDetail(), 'ar');
    await openEditor();
    choose('u1');
    q<HTMLButtonElement>('assignee-save')!.click();
    await stable();
    controller.expectOne('/api/cases/c1/assignee').flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'x',
        details: [{ field: 'assigneeId', code: 'case.assignee.noAccess', message: 'لا يمكن لهذا الشخص الولوج' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await stable();
    expect(text(el.querySelector('#assignee-error'))).toContain('لا يمكن لهذا الشخص الولوج');
    expect(q('assignee-select')!.getAttribute('aria-describedby')).toBe('assignee-error');
    expect(emitted).toEqual([]);
    q('assignee-cancel')!.click();
    await stable();
    expect(q('assignee-form')).toBeNull();
  });
});
