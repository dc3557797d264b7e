import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FIXTURE_KNOWLEDGE } from '../../../testing/protocol-fixture';
import { provideTestTransloco } from '../../../testing/testing';
import { LanguageService } from '../../core/language.service';
import type { Article } from '../../knowledge/knowledge.model';
import { resourceEntries } from '../../knowledge/resources';
import { StepResourcesComponent } from './step-resources.component';

describe('StepResourcesComponent', () => {
  let fixture: ComponentFixture<StepResourcesComponent>;
  let el: HTMLElement;

  const entry = (id: string): HTMLElement => el.querySelector<HTMLElement>(`[data-testid="directory-entry"][data-entry-id="${id}"]`)!;
  const guide = (code: string): HTMLDetailsElement =>
    el.querySelector<HTMLDetailsElement>(`[data-testid="platform-guide"][data-guide="${code}"]`)!;

  async function render(directory: string[], guides: string[]): Promise<void> {
    fixture = TestBed.createComponent(StepResourcesComponent);
    fixture.componentRef.setInput('entries', resourceEntries(FIXTURE_KNOWLEDGE, { directory, guides }));
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideTestTransloco()] });
  });

  afterEach(async () => {
    await TestBed.inject(LanguageService).use('fr', { persist: false });
    document.documentElement.dir = 'ltr';
  });

  it('shows each directory entry as a card with real links, hours and when it was checked', async () => {
    await render(['POLICE_19', 'EMC_HELPLINE', 'RSK_REFERENT'], []);
    expect(el.querySelector('h2')?.textContent).toContain('Contacts et guides utiles');
    const ids = Array.from(el.querySelectorAll('[data-testid="directory-entry"]')).map((e) => e.getAttribute('data-entry-id'));
    expect(ids).toEqual(['POLICE_19', 'EMC_HELPLINE', 'RSK_REFERENT']);

    const police = entry('POLICE_19');
    expect(police.querySelector('h4')?.textContent).toContain('Police – 19');
    expect(police.textContent).toContain('Urgence en ville.');
    expect(police.textContent).toContain('Appeler le 19.');
    expect(police.textContent).toContain('24 h/24.');
    const tel = police.querySelector<HTMLAnchorElement>('a[href="tel:19"]');
    expect(tel?.textContent?.trim()).toBe('19');
    expect(tel?.querySelector('bdi')?.getAttribute('dir')).toBe('ltr');
    expect(tel?.hasAttribute('target')).toBeFalse();
    expect(police.querySelector('[data-testid="verified"]')?.textContent).toContain('Coordonnées vérifiées le 1 septembre 2025');
    expect(police.querySelector('[data-testid="region-badge"]')).toBeNull();

    const helpline = entry('EMC_HELPLINE');
    const web = helpline.querySelector<HTMLAnchorElement>('a[href="https://cyberconfiance.ma/helpline"]')!;
    expect(web.getAttribute('rel')).toBe('noopener');
    expect(web.getAttribute('target')).toBe('_blank');
    expect(web.textContent).toContain('cyberconfiance.ma/helpline');
    expect(web.textContent).toContain('nouvel onglet');
    expect(helpline.querySelector('a[href="https://wa.me/212624405889"]')?.getAttribute('rel')).toBe('noopener');
    expect(helpline.querySelector('[data-testid="verified"]')?.textContent).toContain('non vérifiées');

    const referent = entry('RSK_REFERENT');
    expect(referent.querySelector('[data-testid="region-badge"]')?.textContent).toContain('Votre académie');
    expect(referent.querySelector('a[href="mailto:referent@dp.example.ma"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="platform-guide"]')).toBeNull();
  });

  it('shows each platform guide as a closed disclosure: what to capture, how to report, what to keep, the link', async () => {
    await render([], ['INSTAGRAM', 'TELEGRAM', 'TAKE_IT_DOWN']);
    expect(el.querySelector('[data-testid="directory-entry"]')).toBeNull();
    const insta = guide('INSTAGRAM');
    expect(insta.tagName).toBe('DETAILS');
    expect(insta.open).toBeFalse();
    expect(insta.querySelector('summary')?.textContent).toContain('Signaler sur Instagram');
    expect(insta.querySelector('summary')?.textContent).not.toContain('à vérifier');
    const capture = Array.from(insta.querySelectorAll('[data-testid="guide-capture"] li')).map((li) => li.textContent?.trim());
    expect(capture).toEqual(['La date et l’heure où le contenu a été vu.', 'Le lien du profil.', 'Le nom d’utilisateur.']);
    const steps = insta.querySelector('[data-testid="guide-steps"]')!;
    expect(steps.tagName).toBe('OL');
    expect(steps.querySelectorAll('li').length).toBe(3);
    expect(insta.textContent).toContain('La date du signalement.');
    const link = insta.querySelector<HTMLAnchorElement>('[data-testid="guide-link"]')!;
    expect(link.getAttribute('href')).toBe('https://help.instagram.com/616583228400289');
    expect(link.getAttribute('rel')).toBe('noopener');
    expect(link.textContent).toContain("Page d'aide de Instagram");
    expect(insta.querySelector('[data-testid="guide-unresearched"]')).toBeNull();
    expect(insta.textContent).toContain('Étapes non vérifiées');

    const telegram = guide('TELEGRAM');
    expect(telegram.querySelector('summary')?.textContent).toContain('(étapes à vérifier)');
    expect(telegram.querySelector('[data-testid="guide-unresearched"]')?.textContent).toContain('Étapes à vérifier');
    expect(telegram.querySelector('[data-testid="guide-link"]')).toBeNull();

    const takeItDown = guide('TAKE_IT_DOWN');
    expect(takeItDown.textContent).toContain('L’image ne quitte jamais l’appareil.');
    expect(takeItDown.textContent).toContain('Étapes vérifiées le 1 septembre 2025');
  });

  it('speaks Arabic, with numbers and addresses kept left-to-right', async () => {
    await render(['POLICE_19', 'EMC_HELPLINE'], ['INSTAGRAM']);
    await TestBed.inject(LanguageService).use('ar', { persist: false });
    await fixture.whenStable();
    expect(el.querySelector('h2')?.textContent).toContain('جهات اتصال وأدلة مفيدة');
    expect(entry('POLICE_19').querySelector('h4')?.textContent).toContain('الشرطة – 19');
    expect(entry('POLICE_19').querySelector('a[href="tel:19"] bdi')?.getAttribute('dir')).toBe('ltr');
    expect(entry('EMC_HELPLINE').querySelector('a[href="https://wa.me/212624405889"] bdi')?.textContent).toBe('+212624405889');
    expect(guide('INSTAGRAM').querySelector('summary')?.textContent).toContain('التبليغ على إنستغرام');
  });

  it('shows the knowledge-base article of the case types (deepfakes) for the team and the family, in the three languages', async () => {
    const article: Article = {
      id: 'DEEPFAKES',
      title: {
        fr: 'Deepfakes et montages « nudify » : ce que l’équipe et la famille doivent savoir',
        ar: 'التزييف العميق وتركيبات «التعرية»: ما يجب أن يعرفه الفريق والأسرة',
        en: 'Deepfakes and nudify montages: what the team and the family should know',
      },
      summary: {
        fr: 'Une fausse image n’est ni anodine ni légale.',
        ar: 'الصورة المزيفة ليست بلا ضرر ولا مشروعة.',
        en: 'A fake is neither harmless nor legal.',
      },
      forTeam: [{ fr: 'Ne demandez jamais l’image.', ar: 'لا تطلب الصورة أبدًا.', en: 'Never ask for the image.' }],
      forFamily: [{ fr: 'Ce n’est pas la faute de votre enfant.', ar: 'ليس ذنب طفلكم.', en: 'It is not your child’s fault.' }],
      types: ['AI_SEXUAL_IMAGE', 'MANIPULATED_MEDIA'],
      sources: ['R44'],
    };
    const knowledge = { ...FIXTURE_KNOWLEDGE, articles: [article] };
    const show = async (types: string[]) => {
      fixture = TestBed.createComponent(StepResourcesComponent);
      fixture.componentRef.setInput('entries', resourceEntries(knowledge, { directory: ['POLICE_19'], guides: [] }, types));
      el = fixture.nativeElement as HTMLElement;
      await fixture.whenStable();
    };
    await show(['INSULT']);
    expect(el.querySelector('[data-testid="knowledge-article"]')).toBeNull();

    await show(['INSULT', 'AI_SEXUAL_IMAGE']);
    const shown = el.querySelector<HTMLDetailsElement>('[data-testid="knowledge-article"][data-article="DEEPFAKES"]')!;
    expect(shown.open).toBeFalse();
    expect(el.textContent).toContain('À savoir');
    expect(shown.querySelector('summary')?.textContent).toContain('ce que l’équipe et la famille doivent savoir');
    expect(shown.textContent).toContain("Pour l'équipe");
    expect(shown.textContent).toContain('Ne demandez jamais l’image.');
    expect(shown.textContent).toContain('À dire à la famille');

    const language = TestBed.inject(LanguageService);
    await language.use('ar', { persist: false });
    await fixture.whenStable();
    expect(shown.querySelector('summary')?.textContent).toContain('التزييف العميق');
    expect(shown.textContent).toContain('ما يُقال للأسرة');
    expect(shown.textContent).toContain('ليس ذنب طفلكم.');
    await language.use('en', { persist: false });
    await fixture.whenStable();
    expect(shown.querySelector('summary')?.textContent).toContain('what the team and the family should know');
    expect(shown.textContent).toContain('For the team');
    expect(shown.textContent).toContain('Never ask for the image.');
  });
});
