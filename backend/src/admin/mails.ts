type Lang = 'fr' | 'ar' | 'en';

const dateIn = (lang: Lang, iso: string) =>
  new Intl.DateTimeFormat({ fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' }[lang], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Africa/Casablanca',
  }).format(new Date(iso));

/** The e-mail carrying a one-time password link, in the account's language. No personal data but the link. */
export function passwordLinkMail(
  lang: Lang,
  purpose: 'invite' | 'reset',
  link: { url: string; expiresAt: string },
): { subject: string; text: string } {
  const until = dateIn(lang, link.expiresAt);
  const texts = {
    fr: {
      invite: ['Sanad : votre compte', 'Un compte Sanad a été créé pour vous.'],
      reset: ['Sanad : nouveau mot de passe', 'Un administrateur vous permet de choisir un nouveau mot de passe.'],
      body: `Choisissez votre mot de passe avec ce lien, utilisable une seule fois jusqu’au ${until} :`,
      end: 'Si vous n’attendiez pas ce message, ignorez-le et prévenez votre administrateur.',
    },
    ar: {
      invite: ['سند: حسابك', 'تم إنشاء حساب لك على منصة سند.'],
      reset: ['سند: كلمة مرور جديدة', 'سمح لك المسؤول باختيار كلمة مرور جديدة.'],
      body: `اختر كلمة المرور عبر هذا الرابط، صالح لمرة واحدة إلى غاية ${until}:`,
      end: 'إذا لم تكن تنتظر هذه الرسالة، فتجاهلها وأخبر المسؤول.',
    },
    en: {
      invite: ['Sanad: your account', 'A Sanad account has been created for you.'],
      reset: ['Sanad: new password', 'An administrator lets you choose a new password.'],
      body: `Choose your password with this link, usable once until ${until}:`,
      end: 'If you did not expect this message, ignore it and tell your administrator.',
    },
  }[lang];
  const [subject, intro] = texts[purpose];
  return { subject, text: `${intro}\n\n${texts.body}\n${link.url}\n\n${texts.end}\n` };
}
