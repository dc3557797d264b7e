/** Error messages in every language, keyed by stable code. `{name}` placeholders are filled from params. */
import type { Localized } from './types';

export type SubmissionErrorCode =
  | 'step_unknown'
  | 'role_not_allowed'
  | 'required'
  | 'type'
  | 'min'
  | 'max'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'option'
  | 'option_not_allowed'
  | 'not_applicable'
  | 'unknown_field'
  | 'date';

export type EventErrorCode =
  | 'case_not_created'
  | 'case_already_created'
  | 'case_closed'
  | 'case_not_closed'
  | 'step_unknown'
  | 'step_not_available'
  | 'step_not_applicable'
  | 'step_already_done'
  | 'role_not_allowed'
  | 'signature_required'
  | 'signature_not_pending'
  | 'same_actor_signature'
  | 'comment_required'
  | 'invalid_answers'
  | 'invalid_reference'
  | 'invalid_payload'
  | 'version_mismatch'
  | 'event_out_of_order';

export type MessageParams = Record<string, string | number>;

const MESSAGES: Record<SubmissionErrorCode | EventErrorCode, Localized> = {
  step_unknown: { fr: 'Étape inconnue.', ar: 'خطوة غير معروفة.', en: 'Unknown step.' },
  role_not_allowed: {
    fr: 'Votre rôle ne permet pas cette action.',
    ar: 'دورك لا يسمح بهذا الإجراء.',
    en: 'Your role does not allow this action.',
  },
  required: { fr: 'Ce champ est obligatoire.', ar: 'هذا الحقل إلزامي.', en: 'This field is required.' },
  type: { fr: "Valeur d'un type inattendu.", ar: 'نوع القيمة غير صحيح.', en: 'This value has the wrong type.' },
  min: { fr: 'La valeur doit être au moins {min}.', ar: 'يجب أن تكون القيمة {min} على الأقل.', en: 'The value must be at least {min}.' },
  max: { fr: 'La valeur doit être au plus {max}.', ar: 'يجب ألا تتجاوز القيمة {max}.', en: 'The value must be at most {max}.' },
  minLength: { fr: 'Au moins {minLength} caractères.', ar: 'على الأقل {minLength} حرفًا.', en: 'At least {minLength} characters.' },
  maxLength: { fr: 'Au plus {maxLength} caractères.', ar: 'على الأكثر {maxLength} حرفًا.', en: 'At most {maxLength} characters.' },
  pattern: { fr: "Le format n'est pas valide.", ar: 'الصيغة غير صحيحة.', en: 'The format is not valid.' },
  option: { fr: "Ce choix n'existe pas.", ar: 'هذا الاختيار غير موجود.', en: 'This choice does not exist.' },
  option_not_allowed: {
    fr: "Ce choix n'est pas permis pour ce cas.",
    ar: 'هذا الاختيار غير مسموح به في هذه الحالة.',
    en: 'This choice is not allowed for this case.',
  },
  not_applicable: {
    fr: 'Ce champ ne concerne pas ce cas.',
    ar: 'هذا الحقل لا يخص هذه الحالة.',
    en: 'This field does not apply to this case.',
  },
  unknown_field: { fr: 'Champ inconnu.', ar: 'حقل غير معروف.', en: 'Unknown field.' },
  date: { fr: 'Date ou heure non valide.', ar: 'تاريخ أو وقت غير صالح.', en: 'Invalid date or time.' },
  case_not_created: { fr: "Le dossier n'existe pas encore.", ar: 'الملف غير موجود بعد.', en: 'The case does not exist yet.' },
  case_already_created: { fr: 'Le dossier existe déjà.', ar: 'الملف موجود مسبقًا.', en: 'The case already exists.' },
  case_closed: { fr: 'Le dossier est clôturé.', ar: 'الملف مغلق.', en: 'The case is closed.' },
  case_not_closed: { fr: "Le dossier n'est pas clôturé.", ar: 'الملف غير مغلق.', en: 'The case is not closed.' },
  step_not_available: {
    fr: "Cette étape n'est pas disponible maintenant.",
    ar: 'هذه الخطوة غير متاحة الآن.',
    en: 'This step is not available now.',
  },
  step_not_applicable: {
    fr: 'Cette étape ne concerne pas ce cas.',
    ar: 'هذه الخطوة لا تخص هذه الحالة.',
    en: 'This step does not apply to this case.',
  },
  step_already_done: { fr: 'Cette étape est déjà faite.', ar: 'تم إنجاز هذه الخطوة مسبقًا.', en: 'This step is already done.' },
  signature_required: { fr: 'Une seconde signature est attendue.', ar: 'في انتظار توقيع ثانٍ.', en: 'A second signature is awaited.' },
  signature_not_pending: {
    fr: "Aucune signature n'est attendue pour cette étape.",
    ar: 'لا يوجد توقيع منتظر لهذه الخطوة.',
    en: 'No signature is awaited for this step.',
  },
  same_actor_signature: {
    fr: 'La seconde signature doit venir d’une autre personne.',
    ar: 'يجب أن يكون التوقيع الثاني من شخص آخر.',
    en: 'The second signature must come from another person.',
  },
  comment_required: {
    fr: 'Dites pourquoi vous renvoyez cette étape.',
    ar: 'اذكر سبب إرجاع هذه الخطوة.',
    en: 'Say why you are sending this step back.',
  },
  invalid_answers: { fr: 'Le formulaire contient des erreurs.', ar: 'الاستمارة تحتوي على أخطاء.', en: 'The form has errors.' },
  invalid_reference: {
    fr: 'Événement de référence introuvable.',
    ar: 'الحدث المشار إليه غير موجود.',
    en: 'The referenced event was not found.',
  },
  invalid_payload: { fr: 'Contenu de l’événement non valide.', ar: 'محتوى الحدث غير صالح.', en: 'The event content is not valid.' },
  version_mismatch: { fr: 'Version du protocole différente.', ar: 'إصدار البروتوكول مختلف.', en: 'Protocol version mismatch.' },
  event_out_of_order: {
    fr: "L'événement est antérieur au dernier événement.",
    ar: 'الحدث سابق لآخر حدث مسجل.',
    en: 'The event is earlier than the last event.',
  },
};

export function message(code: SubmissionErrorCode | EventErrorCode, params: MessageParams = {}): Localized {
  const fill = (text: string): string => text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
  const template = MESSAGES[code];
  return { fr: fill(template.fr), ar: fill(template.ar), en: fill(template.en) };
}
