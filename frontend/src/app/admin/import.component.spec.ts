import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTestTransloco, settle } from '../../testing/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { ImportReport } from './admin-api';
import { REJECTION_CODES, invitesCsv, rejectionKey } from './admin-display';
import { ImportComponent } from './import.component';
import fr from '../../i18n/fr.json';
import ar from '../../i18n/ar.json';
import en from '../../i18n/en.json';

const SCHOOLS_CSV = 'code,name_fr,name_ar,level,province_code\nRAB-09,Collège Test,إعدادية تجريبية,college,RSK-RAB\n';
const STAFF_CSV = 'email,display_name,role,school_code\nnadia@ecole.ma,Nadia Berrada,coordinator,RAB-09\n';

function summary(rows: number, valid: number, created: number, rejected = 0) {
  return { rows, valid, created, existing: 0, rejected };
}

function report(overrides: Partial<ImportReport> = {}): ImportReport {
  return {
    dryRun: true,
    written: false,
    fileRejected: false,
    schools: summary(1, 1, 0),
    staff: summary(2, 1, 0, 1),
    rejections: [
      { file: 'staff', line: 3, column: 'role', code: 'role.not_importable', reason: 'administrator accounts cannot be imported' },
      { file: 'staff', line: 4, column: null, code: 'something.new', reason: 'a reason the app does not know yet' },
    ],
    existing: [],
    invites: [],
    ...overrides,
  };
}

describe('ImportComponent (/admin/import)', () => {
  let fixture: ComponentFixture<ImportComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);
  const all = (testId: string): HTMLElement[] => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ImportComponent);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
  });

  afterEach(() => {
    controller.verify();
    el.remove();
  });

  async function choose(testId: string, content: BlobPart, name: string): Promise<void> {
    const input = q<HTMLInputElement>(testId)!;
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], name, { type: 'text/csv' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await settle(20);
    await fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    q(testId)!.click();
    await settle();
    await fixture.whenStable();
  }

  it('asks for at least one file', async () => {
    await click('import-check');
    expect(q('error-summary')?.textContent).toContain('Choisissez au moins un fichier');
  });

  it('refuses a file that is not UTF-8, with a clear message on the field', async () => {
    // "Collège" in Windows-1252: é is the single byte 0xE9.
    await choose('import-schools', new Uint8Array([0x43, 0x6f, 0x6c, 0x6c, 0xe8, 0x67, 0x65, 0x0a]), 'schools.csv');
    expect(el.querySelector('#import-schools-error')?.textContent).toContain("n'est pas enregistré en UTF-8");
    expect(q('import-schools')?.getAttribute('aria-invalid')).toBe('true');
    await click('import-check');
    controller.expectNone('/api/admin/import');
  });

  it('checks only (dryRun), then shows the counts and the rejections with translated reasons', async () => {
    await choose('import-schools', '\uFEFF' + SCHOOLS_CSV, 'schools.csv');
    await choose('import-staff', STAFF_CSV, 'staff.csv');
    expect(q('import-schools-chosen')?.textContent).toContain('schools.csv');
    await click('import-check');
    const req = controller.expectOne('/api/admin/import');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ schoolsCsv: SCHOOLS_CSV, staffCsv: STAFF_CSV, dryRun: true, skipInvalid: false });
    req.flush(report());
    await settle();
    await fixture.whenStable();

    expect(q('import-outcome')?.textContent).toContain("Vérification seulement : rien n'a été enregistré.");
    const cells = Array.from(q('import-count-staff')!.querySelectorAll('th, td')).map((c) => c.textContent?.trim());
    expect(cells).toEqual(['Personnes', '2', '1', '0', '1']);
    const rows = all('import-rejection');
    expect(rows.length).toBe(2);
    expect(rows[0]?.textContent).toContain('staff.csv');
    expect(rows[0]?.textContent).toContain('3');
    expect(rows[0]?.textContent).toContain('role');
    expect(rows[0]?.querySelector('[data-testid="import-rejection-reason"]')?.textContent?.trim()).toBe(
      "Les comptes administrateurs ne s'importent pas",
    );
    // An unknown code falls back to the API's English reason.
    expect(rows[1]?.querySelector('[data-testid="import-rejection-reason"]')?.textContent?.trim()).toBe(
      'a reason the app does not know yet',
    );
    expect(rows[1]?.textContent).toContain('toute la ligne');
    expect(q('import-rejections')?.querySelector('caption')?.textContent).toContain('Lignes refusées');
    expect(q('import-invites')).toBeNull();
  });

  it('imports the valid rows only, shows the invitation links once and downloads them as CSV', async () => {
    await choose('import-staff', STAFF_CSV, 'staff.csv');
    q<HTMLInputElement>('import-skip-invalid')!.click();
    await fixture.whenStable();
    await click('import-run');
    const req = controller.expectOne('/api/admin/import');
    expect(req.request.body).toEqual({ staffCsv: STAFF_CSV, dryRun: false, skipInvalid: true });
    const invite = {
      line: 2,
      email: 'nadia@ecole.ma',
      displayName: 'Nadia Berrada',
      role: 'coordinator' as const,
      schoolCode: 'RAB-09',
      regionCode: null,
      locale: 'fr' as const,
      url: 'https://sanad.example/setup-password?token=t1',
      expiresAt: '2026-11-23T10:00:00.000Z',
    };
    req.flush(report({ dryRun: false, written: true, staff: summary(2, 1, 1, 1), invites: [invite] }));
    await settle();
    await fixture.whenStable();

    expect(q('import-outcome')?.textContent).toContain('Les lignes valides sont importées');
    expect(q('import-invites-notice')?.textContent).toContain("Ces liens ne sont affichés qu'une seule fois");
    expect(all('import-invite').length).toBe(1);
    expect(q('import-invite')?.textContent).toContain('https://sanad.example/setup-password?token=t1');

    const downloads: { name: string; href: string }[] = [];
    spyOn(HTMLAnchorElement.prototype, 'click').and.callFake(function (this: HTMLAnchorElement) {
      downloads.push({ name: this.download, href: this.href });
    });
    q('import-invites-download')!.click();
    expect(downloads.length).toBe(1);
    expect(downloads[0]?.name).toBe('invitations.csv');
    expect(downloads[0]?.href).toMatch(/^blob:/);
  });
});

describe('invitesCsv', () => {
  it('writes the columns of the CLI (--links-out), with a BOM and CRLF, and defuses formulas', () => {
    const csv = invitesCsv([
      {
        line: 2,
        email: 'nadia@ecole.ma',
        displayName: '=Nadia, "N"',
        role: 'coordinator',
        schoolCode: 'RAB-09',
        regionCode: null,
        locale: 'ar',
        url: 'https://x/setup-password?token=t',
        expiresAt: '2026-11-23T10:00:00.000Z',
      },
    ]);
    expect(csv).toBe(
      '\uFEFFemail,display_name,role,school_code,region_code,locale,setup_link,expires_at\r\n' +
        `nadia@ecole.ma,"'=Nadia, ""N""",coordinator,RAB-09,,ar,https://x/setup-password?token=t,2026-11-23T10:00:00.000Z\r\n`,
    );
  });
});

describe('administration strings', () => {
  type Tree = { [key: string]: string | Tree };
  const lookup = (tree: Tree, key: string): unknown =>
    key.split('.').reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree);

  it('translates every import rejection code in fr, ar and en', () => {
    for (const code of REJECTION_CODES) {
      const key = rejectionKey(code)!;
      for (const [lang, file] of Object.entries({ fr, ar, en })) {
        expect(typeof lookup(file as Tree, key))
          .withContext(`${lang}: ${key}`)
          .toBe('string');
      }
    }
  });

  it('has the role and unit names used by the administration pages in the three languages', () => {
    const keys = [
      ...['team_member', 'coordinator', 'principal', 'officer', 'admin'].map((r) => `roles.${r}`),
      ...['national', 'region', 'province', 'school'].map((u) => `units.${u}`),
      ...['primaire', 'college', 'lycee'].map((l) => `admin.schools.levels.${l}`),
      ...['EMAIL_TAKEN', 'SCHOOL_CODE_TAKEN', 'LAST_MEMBERSHIP', 'ACCOUNT_OUTSIDE_SCOPE'].map((c) => `admin.errors.${c}`),
    ];
    for (const key of keys)
      for (const [lang, file] of Object.entries({ fr, ar, en }))
        expect(typeof lookup(file as Tree, key))
          .withContext(`${lang}: ${key}`)
          .toBe('string');
  });
});
