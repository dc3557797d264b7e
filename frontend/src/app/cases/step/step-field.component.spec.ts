import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { FieldDef } from '@sanad/protocols';
import { provideTestTransloco } from '../../../testing/testing';
import type { Lang } from '../../core/language';
import { StepFieldComponent } from './step-field.component';

/** Two intake types and the triage question of protocol 1.1.0, as written in protocols/definitions (issue #13). */
const TYPES: FieldDef = {
  id: 'types',
  type: 'multiChoice',
  required: true,
  min: 1,
  label: { fr: 'Types de cyberviolence', ar: 'أنواع العنف الإلكتروني', en: 'Types of cyberviolence' },
  options: [
    { value: 'INSULT', label: { fr: 'Insultes, injures', ar: 'السب والشتم عبر الإنترنت', en: 'Insults, verbal abuse' } },
    {
      value: 'AI_SEXUAL_IMAGE',
      label: {
        fr: 'Image sexuelle truquée ou créée par IA',
        ar: 'صورة جنسية مفبركة أو مولَّدة بالذكاء الاصطناعي',
        en: 'AI-generated or manipulated sexual image',
      },
      help: {
        fr: "Deepfake, application « nudify » : fausse image sexuelle d'une personne réelle. Pour un mineur, même traitement qu'une vraie image (art. 447-2).",
        ar: 'تزييف عميق أو تطبيق «تعرية»: صورة جنسية مزيفة لشخص حقيقي. إذا تعلّق الأمر بقاصر فهي تُعامَل تمامًا كصورة حقيقية (الفصل 447-2).',
        en: "Deepfake, 'nudify' app: a fake sexual image of a real person. For a minor, handled exactly like a real image (art. 447-2).",
      },
    },
  ],
};
const GENDER_BASED: FieldDef = {
  id: 'genderBased',
  type: 'yesNo',
  required: false,
  label: { fr: 'Violence fondée sur le genre ?', ar: 'هل هو عنف قائم على النوع الاجتماعي؟', en: 'Gender-based violence?' },
  help: {
    fr: "Oui si l'élève est visé parce que fille ou garçon : propos sexistes, harcèlement ou image sexuels, atteinte à sa « réputation ». Jugez sur les faits, pas sur le sexe de l'élève.",
    ar: 'نعم إذا استُهدف التلميذ لكونه فتاة أو فتى: عبارات متحيزة جنسيًا، أو تحرش أو صور ذات طابع جنسي، أو مسّ بـ«سمعته». احكم انطلاقًا من الوقائع لا من جنس التلميذ.',
    en: "Yes if the pupil is targeted for being a girl or a boy: sexist remarks, sexual harassment or images, attacks on their 'reputation'. Judge from the facts, not from the pupil's sex.",
  },
};

describe('StepFieldComponent', () => {
  let fixture: ComponentFixture<StepFieldComponent>;
  let el: HTMLElement;

  async function render(field: FieldDef, lang: Lang): Promise<void> {
    fixture = TestBed.createComponent(StepFieldComponent);
    fixture.componentRef.setInput('field', field);
    fixture.componentRef.setInput('options', field.options ?? []);
    fixture.componentRef.setInput('lang', lang);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideTestTransloco()] });
  });

  for (const lang of ['fr', 'ar', 'en'] as const) {
    it(`shows each type with its definition under it, tied to its checkbox (${lang})`, async () => {
      await render(TYPES, lang);
      const boxes = Array.from(el.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'));
      expect(boxes.map((b) => b.value)).toEqual(['INSULT', 'AI_SEXUAL_IMAGE']);
      const deepfake = boxes[1];
      expect(el.querySelector(`label[for="${deepfake.id}"]`)?.textContent?.trim()).toBe(TYPES.options![1].label[lang]);
      const help = el.querySelector(`#${deepfake.getAttribute('aria-describedby')}`);
      expect(help?.textContent?.trim()).toBe(TYPES.options![1].help![lang]);
      expect(help?.textContent).toContain('447-2');
      // a type without a definition has no empty hint and no dangling reference
      expect(boxes[0].hasAttribute('aria-describedby')).toBeFalse();
      expect(el.querySelectorAll('[data-testid="option-help"]').length).toBe(1);
    });

    it(`asks whether the case is gender-based, optional, with how to judge it (${lang})`, async () => {
      await render(GENDER_BASED, lang);
      expect(el.querySelector('legend')?.textContent).toContain(GENDER_BASED.label[lang]);
      expect(el.querySelector('.optional')).not.toBeNull();
      const fieldset = el.querySelector('fieldset')!;
      const hint = el.querySelector(`#${fieldset.getAttribute('aria-describedby')?.trim()}`);
      expect(hint?.textContent?.trim()).toBe(GENDER_BASED.help![lang]);
      expect(el.querySelectorAll('input[type="radio"]').length).toBe(2);
    });
  }

  it('emits the chosen types in the order of the options', async () => {
    await render(TYPES, 'fr');
    const emitted: unknown[] = [];
    fixture.componentInstance.changed.subscribe((v) => emitted.push(v));
    el.querySelector<HTMLInputElement>('input[value="AI_SEXUAL_IMAGE"]')!.click();
    expect(emitted.at(-1)).toEqual(['AI_SEXUAL_IMAGE']);
  });
});
