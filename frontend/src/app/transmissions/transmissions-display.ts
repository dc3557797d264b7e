import { Lang } from '../core/language';
import { Localized, SchoolRef } from './transmissions.model';

/** A text of the API in the interface language (French when missing). */
export function loc(value: Localized | null | undefined, lang: Lang): string {
  if (!value) return '';
  return value[lang] || value.fr;
}

/** A school's name: Arabic in Arabic, French otherwise (schools have no English name). */
export function schoolName(school: SchoolRef, lang: Lang): string {
  return lang === 'ar' ? school.name.ar || school.name.fr : school.name.fr;
}
