/**
 * Every user-visible message of the API, in the three languages of the app. Keys are stable error codes
 * (upper case) or validation message keys (dotted). A spec checks that every entry has fr, ar and en.
 */
export type Lang = 'fr' | 'ar' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'ar', 'en'];

type Catalogue = Record<string, Record<Lang, string>>;

export const MESSAGES = {
  // --- error codes ---
  VALIDATION_FAILED: {
    fr: 'Certaines informations sont manquantes ou incorrectes.',
    ar: 'بعض المعلومات ناقصة أو غير صحيحة.',
    en: 'Some information is missing or incorrect.',
  },
  MALFORMED_JSON: {
    fr: 'La requête est illisible (JSON invalide).',
    ar: 'تعذرت قراءة الطلب (JSON غير صالح).',
    en: 'The request could not be read (invalid JSON).',
  },
  PAYLOAD_TOO_LARGE: {
    fr: 'La requête est trop volumineuse.',
    ar: 'حجم الطلب كبير جدًا.',
    en: 'The request is too large.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    fr: 'Format de requête non pris en charge.',
    ar: 'صيغة الطلب غير مدعومة.',
    en: 'Unsupported request format.',
  },
  NOT_FOUND: {
    fr: 'Cette ressource est introuvable.',
    ar: 'هذا المورد غير موجود.',
    en: 'This resource was not found.',
  },
  METHOD_NOT_ALLOWED: {
    fr: 'Cette action n’est pas autorisée ici.',
    ar: 'هذا الإجراء غير مسموح به هنا.',
    en: 'This action is not allowed here.',
  },
  AUTH_REQUIRED: {
    fr: 'Veuillez vous connecter pour continuer.',
    ar: 'يرجى تسجيل الدخول للمتابعة.',
    en: 'Please sign in to continue.',
  },
  AUTH_INVALID_CREDENTIALS: {
    fr: 'Adresse e-mail ou mot de passe incorrect.',
    ar: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.',
    en: 'Incorrect email address or password.',
  },
  AUTH_TOO_MANY_ATTEMPTS: {
    fr: 'Trop de tentatives. Réessayez dans quelques minutes.',
    ar: 'محاولات كثيرة جدًا. أعد المحاولة بعد بضع دقائق.',
    en: 'Too many attempts. Try again in a few minutes.',
  },
  CSRF_HEADER_MISSING: {
    fr: 'Requête refusée : en-tête de sécurité manquant.',
    ar: 'تم رفض الطلب: ترويسة الأمان مفقودة.',
    en: 'Request refused: security header missing.',
  },
  FORBIDDEN: {
    fr: 'Vous n’avez pas accès à cette ressource.',
    ar: 'ليس لديك صلاحية الوصول إلى هذا المورد.',
    en: 'You do not have access to this resource.',
  },
  NO_SCHOOL_SCOPE: {
    fr: 'Votre compte n’est rattaché à aucun établissement : aucun dossier à afficher.',
    ar: 'حسابك غير مرتبط بأي مؤسسة: لا توجد ملفات لعرضها.',
    en: 'Your account is not attached to a school: there are no cases to show.',
  },
  CASE_NOT_FOUND: {
    fr: 'Dossier introuvable.',
    ar: 'الملف غير موجود.',
    en: 'Case not found.',
  },
  STEP_NOT_FOUND: {
    fr: 'Cette étape n’existe pas dans le protocole du dossier.',
    ar: 'هذه الخطوة غير موجودة في بروتوكول الملف.',
    en: 'This step does not exist in the case protocol.',
  },
  PROTOCOL_NOT_FOUND: {
    fr: 'Ce protocole ou cette version est introuvable.',
    ar: 'هذا البروتوكول أو هذا الإصدار غير موجود.',
    en: 'This protocol or version was not found.',
  },
  NOTIFICATION_NOT_FOUND: {
    fr: 'Notification introuvable.',
    ar: 'الإشعار غير موجود.',
    en: 'Notification not found.',
  },
  ROLE_NOT_ALLOWED: {
    fr: 'Votre rôle ne permet pas cette action.',
    ar: 'دورك لا يسمح بهذا الإجراء.',
    en: 'Your role does not allow this action.',
  },
  PROTOCOL_RULE: {
    fr: 'Le protocole ne permet pas cette action maintenant.',
    ar: 'البروتوكول لا يسمح بهذا الإجراء الآن.',
    en: 'The protocol does not allow this action now.',
  },
  MIGRATION_UNSAFE: {
    fr: 'Le dossier ne peut pas passer à cette version sans perte : il reste sur sa version actuelle.',
    ar: 'لا يمكن نقل الملف إلى هذا الإصدار دون فقدان معلومات: يبقى على إصداره الحالي.',
    en: 'The case cannot move to this version without loss: it stays on its current version.',
  },
  CONFLICT: {
    fr: 'Quelqu’un a modifié ces données entre-temps. Rechargez puis recommencez.',
    ar: 'قام شخص آخر بتعديل هذه البيانات في الأثناء. أعد التحميل ثم حاول مجددًا.',
    en: 'Someone changed this data in the meantime. Reload and try again.',
  },
  LEGAL_HOLD_ALREADY_PLACED: {
    fr: 'Le dossier est déjà sous conservation légale. Actualisez la page.',
    ar: 'الملف موضوع مسبقًا تحت الحفظ القانوني. حدّث الصفحة.',
    en: 'The case is already under legal hold. Refresh the page.',
  },
  LEGAL_HOLD_NOT_PLACED: {
    fr: 'Le dossier n’est pas sous conservation légale : il n’y a rien à lever. Actualisez la page.',
    ar: 'الملف ليس تحت الحفظ القانوني: لا شيء لرفعه. حدّث الصفحة.',
    en: 'The case is not under legal hold: there is nothing to release. Refresh the page.',
  },
  INTERNAL_ERROR: {
    fr: 'Une erreur inattendue est survenue. Rien n’a été enregistré ; réessayez.',
    ar: 'حدث خطأ غير متوقع. لم يُحفظ أي شيء؛ أعد المحاولة.',
    en: 'An unexpected error occurred. Nothing was saved; please try again.',
  },
  SERVICE_UNAVAILABLE: {
    fr: 'Le service est momentanément indisponible.',
    ar: 'الخدمة غير متاحة مؤقتًا.',
    en: 'The service is temporarily unavailable.',
  },
  STORAGE_FULL: {
    fr: 'Le serveur n’a plus d’espace de stockage : votre modification n’a peut-être pas été enregistrée. Prévenez l’administrateur, puis réessayez une fois l’espace libéré.',
    ar: 'نفدت مساحة التخزين في الخادم: ربما لم يُحفظ تعديلك. أبلغ المسؤول، ثم أعد المحاولة بعد تحرير المساحة.',
    en: 'The server is out of storage space: your change may not have been saved. Tell the administrator, then try again once space has been freed.',
  },
  // --- validation messages (field level) ---
  'validation.unknownField': {
    fr: 'Ce champ n’est pas attendu.',
    ar: 'هذا الحقل غير متوقع.',
    en: 'This field is not expected.',
  },
  'validation.invalid': {
    fr: 'Cette valeur n’est pas valide.',
    ar: 'هذه القيمة غير صالحة.',
    en: 'This value is not valid.',
  },
  'auth.email.required': {
    fr: 'Saisissez votre adresse e-mail.',
    ar: 'أدخل بريدك الإلكتروني.',
    en: 'Enter your email address.',
  },
  'auth.password.required': {
    fr: 'Saisissez votre mot de passe.',
    ar: 'أدخل كلمة المرور.',
    en: 'Enter your password.',
  },
  'case.dangerSigns.invalid': {
    fr: 'Signes de danger non reconnus : reprenez la vérification du danger.',
    ar: 'علامات خطر غير معروفة: أعد التحقق من الخطر.',
    en: 'Unknown danger signs: go through the danger check again.',
  },
  'case.title.required': {
    fr: 'Saisissez un titre pour le dossier.',
    ar: 'أدخل عنوانًا للملف.',
    en: 'Enter a title for the case.',
  },
  'case.title.length': {
    fr: 'Le titre doit contenir entre 3 et 200 caractères.',
    ar: 'يجب أن يتكون العنوان من 3 إلى 200 حرف.',
    en: 'The title must be between 3 and 200 characters.',
  },
  'case.occurredOn.required': {
    fr: 'Saisissez la date des faits.',
    ar: 'أدخل تاريخ الوقائع.',
    en: 'Enter the date of the facts.',
  },
  'case.occurredOn.format': {
    fr: 'Saisissez une date réelle au format AAAA-MM-JJ.',
    ar: 'أدخل تاريخًا صحيحًا بالصيغة YYYY-MM-DD.',
    en: 'Enter a real date in the format YYYY-MM-DD.',
  },
  'case.occurredOn.future': {
    fr: 'La date des faits ne peut pas être dans le futur.',
    ar: 'لا يمكن أن يكون تاريخ الوقائع في المستقبل.',
    en: 'The date of the facts cannot be in the future.',
  },
  'event.expectedSeq.invalid': {
    fr: 'Indiquez le numéro du dernier événement vu (entier positif).',
    ar: 'أدخل رقم آخر حدث تم الاطلاع عليه (عدد صحيح موجب).',
    en: 'Give the number of the last event you saw (a positive whole number).',
  },
  'event.answers.invalid': {
    fr: 'Les réponses doivent être un objet { champ: valeur }.',
    ar: 'يجب أن تكون الأجوبة على شكل { حقل: قيمة }.',
    en: 'Answers must be an object { field: value }.',
  },
  'event.checklist.invalid': {
    fr: 'La liste de contrôle doit être une liste d’identifiants.',
    ar: 'يجب أن تكون قائمة التحقق لائحة معرّفات.',
    en: 'The checklist must be a list of item ids.',
  },
  'event.text.length': {
    fr: 'Saisissez une note de 1 à 5000 caractères.',
    ar: 'أدخل ملاحظة من 1 إلى 5000 حرف.',
    en: 'Enter a note of 1 to 5000 characters.',
  },
  'event.comment.length': {
    fr: 'Le commentaire ne doit pas dépasser 2000 caractères.',
    ar: 'يجب ألا يتجاوز التعليق 2000 حرف.',
    en: 'The comment must not exceed 2000 characters.',
  },
  'event.returnComment.length': {
    fr: 'Dites pourquoi vous renvoyez l’étape (1 à 2000 caractères).',
    ar: 'اذكر سبب إرجاع الخطوة (من 1 إلى 2000 حرف).',
    en: 'Say why you are sending the step back (1 to 2000 characters).',
  },
  'event.reason.length': {
    fr: 'Expliquez la raison en 3 à 500 caractères.',
    ar: 'اشرح السبب في 3 إلى 500 حرف.',
    en: 'Explain the reason in 3 to 500 characters.',
  },
  'event.refSeq.invalid': {
    fr: 'Indiquez le numéro de l’événement à corriger.',
    ar: 'أدخل رقم الحدث المراد تصحيحه.',
    en: 'Give the number of the event to correct.',
  },
  'event.toVersion.invalid': {
    fr: 'Indiquez la version cible du protocole (ex. 1.1.0).',
    ar: 'أدخل الإصدار المستهدف للبروتوكول (مثال 1.1.0).',
    en: 'Give the target protocol version (e.g. 1.1.0).',
  },
  'query.scope.invalid': {
    fr: 'La portée doit être « mine » ou « school ».',
    ar: 'يجب أن يكون النطاق « mine » أو « school ».',
    en: 'The scope must be "mine" or "school".',
  },
  'query.page.invalid': {
    fr: 'Le numéro de page doit être un entier positif.',
    ar: 'يجب أن يكون رقم الصفحة عددًا صحيحًا موجبًا.',
    en: 'The page number must be a positive whole number.',
  },
  'query.pageSize.invalid': {
    fr: 'La taille de page doit être comprise entre 1 et 100.',
    ar: 'يجب أن يكون حجم الصفحة بين 1 و100.',
    en: 'The page size must be between 1 and 100.',
  },
  'audit.action.invalid': {
    fr: 'Cette action du journal d’audit n’existe pas.',
    ar: 'هذا الإجراء غير موجود في سجل التدقيق.',
    en: 'This audit log action does not exist.',
  },
  'audit.caseId.invalid': {
    fr: 'L’identifiant du dossier n’est pas valide.',
    ar: 'معرّف الملف غير صالح.',
    en: 'The case id is not valid.',
  },
  'audit.date.invalid': {
    fr: 'Saisissez une date réelle au format AAAA-MM-JJ.',
    ar: 'أدخل تاريخًا صحيحًا بالصيغة YYYY-MM-DD.',
    en: 'Enter a real date in the format YYYY-MM-DD.',
  },
  'audit.range.invalid': {
    fr: 'La date de fin doit être postérieure ou égale à la date de début.',
    ar: 'يجب أن يكون تاريخ النهاية مساويًا لتاريخ البداية أو لاحقًا له.',
    en: 'The end date must be on or after the start date.',
  },
  // --- identity (issue #5) ---
  MFA_ENROLMENT_REQUIRED: {
    fr: 'Activez la double authentification pour continuer : votre rôle l’exige.',
    ar: 'فعّل المصادقة الثنائية للمتابعة: دورك يستلزم ذلك.',
    en: 'Turn on two-factor authentication to continue: your role requires it.',
  },
  MFA_CODE_INVALID: {
    fr: 'Ce code est incorrect, expiré ou déjà utilisé.',
    ar: 'هذا الرمز غير صحيح أو منتهي الصلاحية أو سبق استعماله.',
    en: 'This code is incorrect, expired or already used.',
  },
  MFA_ALREADY_ENABLED: {
    fr: 'La double authentification est déjà activée.',
    ar: 'المصادقة الثنائية مفعّلة مسبقًا.',
    en: 'Two-factor authentication is already on.',
  },
  MFA_NOT_ENABLED: {
    fr: 'La double authentification n’est pas activée.',
    ar: 'المصادقة الثنائية غير مفعّلة.',
    en: 'Two-factor authentication is not on.',
  },
  MFA_SETUP_NOT_STARTED: {
    fr: 'Commencez par générer un code QR, puis saisissez le code affiché par l’application.',
    ar: 'ابدأ بإنشاء رمز QR، ثم أدخل الرمز الذي يعرضه التطبيق.',
    en: 'First generate a QR code, then enter the code shown by the app.',
  },
  PASSWORD_INCORRECT: {
    fr: 'Mot de passe actuel incorrect.',
    ar: 'كلمة المرور الحالية غير صحيحة.',
    en: 'The current password is incorrect.',
  },
  PASSWORD_LINK_INVALID: {
    fr: 'Ce lien n’est plus valable. Demandez-en un nouveau à un administrateur.',
    ar: 'هذا الرابط لم يعد صالحًا. اطلب رابطًا جديدًا من المسؤول.',
    en: 'This link is no longer valid. Ask an administrator for a new one.',
  },
  'auth.code.required': {
    fr: 'Saisissez le code à 6 chiffres de l’application ou un code de secours.',
    ar: 'أدخل الرمز المكوّن من 6 أرقام من التطبيق أو رمزًا احتياطيًا.',
    en: 'Enter the 6-digit code from the app or a recovery code.',
  },
  'auth.link.invalid': {
    fr: 'Ce lien est incomplet ou invalide.',
    ar: 'هذا الرابط ناقص أو غير صالح.',
    en: 'This link is incomplete or invalid.',
  },
  'password.tooShort': {
    fr: 'Le mot de passe doit contenir au moins 12 caractères.',
    ar: 'يجب أن تتكون كلمة المرور من 12 حرفًا على الأقل.',
    en: 'The password must be at least 12 characters long.',
  },
  'password.tooLong': {
    fr: 'Le mot de passe ne doit pas dépasser 256 caractères.',
    ar: 'يجب ألا تتجاوز كلمة المرور 256 حرفًا.',
    en: 'The password must not exceed 256 characters.',
  },
  'password.common': {
    fr: 'Ce mot de passe est trop courant : choisissez-en un autre, par exemple une phrase de plusieurs mots.',
    ar: 'كلمة المرور هذه شائعة جدًا: اختر غيرها، مثل عبارة من عدة كلمات.',
    en: 'This password is too common: choose another, for example a phrase of several words.',
  },
  'password.containsEmail': {
    fr: 'Le mot de passe ne doit pas contenir votre adresse e-mail ou votre nom.',
    ar: 'يجب ألا تحتوي كلمة المرور على بريدك الإلكتروني أو اسمك.',
    en: 'The password must not contain your email address or name.',
  },
  // --- restricted cases (issue #5) ---
  'case.restriction.restricted.invalid': {
    fr: 'Indiquez si le dossier est restreint (true ou false).',
    ar: 'حدد ما إذا كان الملف مقيّد الوصول (true أو false).',
    en: 'Say whether the case is restricted (true or false).',
  },
  'case.restriction.members.invalid': {
    fr: 'Les personnes autorisées doivent être une liste d’identifiants (50 au plus).',
    ar: 'يجب أن يكون الأشخاص المأذون لهم لائحة معرّفات (50 على الأكثر).',
    en: 'The people with access must be a list of ids (at most 50).',
  },
  'case.restriction.members.assignee': {
    fr: 'La personne en charge du dossier doit rester autorisée : ajoutez-la ou changez d’abord la personne en charge.',
    ar: 'يجب أن يبقى المكلّف بالملف ضمن المأذون لهم: أضفه أو غيّر المكلّف أولًا.',
    en: 'The person in charge of the case must keep access: add them, or change who is in charge first.',
  },
  'case.assignee.invalid': {
    fr: 'Choisissez une personne de l’équipe, ou personne.',
    ar: 'اختر شخصًا من الفريق، أو لا أحد.',
    en: 'Choose a member of the team, or nobody.',
  },
  'case.assignee.notStaff': {
    fr: 'Seul un membre actif de l’équipe de l’établissement peut être chargé du dossier.',
    ar: 'لا يمكن إسناد الملف إلا لعضو نشيط في فريق المؤسسة.',
    en: 'Only an active member of the school’s team can be put in charge of the case.',
  },
  'case.assignee.noAccess': {
    fr: 'Cette personne n’a pas accès à ce dossier restreint : ajoutez-la d’abord aux personnes autorisées.',
    ar: 'لا يمكن لهذا الشخص الولوج إلى هذا الملف المقيّد: أضفه أولًا إلى المأذون لهم.',
    en: 'This person cannot see this restricted case: give them access first.',
  },
  'case.restriction.members.notStaff': {
    fr: 'Seuls des membres actifs de l’équipe de l’établissement du dossier peuvent être autorisés.',
    ar: 'لا يمكن الإذن إلا لأعضاء نشيطين في فريق مؤسسة الملف.',
    en: 'Only active staff of the case’s school can be given access.',
  },
  'case.restriction.members.unexpected': {
    fr: 'Ne nommez personne quand vous levez la restriction : toute l’équipe retrouve l’accès.',
    ar: 'لا تحدد أي شخص عند رفع التقييد: يستعيد الفريق كله الوصول.',
    en: 'Name nobody when lifting the restriction: the whole team gets access again.',
  },
  // --- administration (issue #5) ---
  EMAIL_TAKEN: {
    fr: 'Cette adresse e-mail appartient déjà à un compte. Ajoutez-lui plutôt un rôle.',
    ar: 'هذا البريد الإلكتروني مرتبط بحساب موجود. أضف له دورًا بدلًا من ذلك.',
    en: 'This e-mail address already belongs to an account. Add a role to it instead.',
  },
  MEMBERSHIP_EXISTS: {
    fr: 'Cette personne a déjà ce rôle dans cette unité.',
    ar: 'لهذا الشخص هذا الدور في هذه الوحدة من قبل.',
    en: 'This person already holds this role in this unit.',
  },
  PRINCIPAL_EXISTS: {
    fr: 'Cet établissement a déjà un directeur ou une directrice.',
    ar: 'لهذه المؤسسة مدير أو مديرة من قبل.',
    en: 'This school already has a principal.',
  },
  LAST_MEMBERSHIP: {
    fr: 'C’est le dernier rôle de ce compte : désactivez plutôt le compte.',
    ar: 'هذا آخر دور لهذا الحساب: عطّل الحساب بدلًا من ذلك.',
    en: 'This is the account’s last role: disable the account instead.',
  },
  CANNOT_CHANGE_SELF: {
    fr: 'Vous ne pouvez pas faire cela sur votre propre compte. Demandez à un autre administrateur.',
    ar: 'لا يمكنك القيام بهذا على حسابك الخاص. اطلب ذلك من مسؤول آخر.',
    en: 'You cannot do this to your own account. Ask another administrator.',
  },
  ACCOUNT_OUTSIDE_SCOPE: {
    fr: 'Ce compte a aussi des rôles hors de votre périmètre : demandez à un administrateur de l’unité supérieure.',
    ar: 'لهذا الحساب أدوار خارج نطاقك أيضًا: اطلب ذلك من مسؤول الوحدة الأعلى.',
    en: 'This account also holds roles outside your scope: ask an administrator of the wider unit.',
  },
  USER_NOT_FOUND: {
    fr: 'Ce compte est introuvable.',
    ar: 'هذا الحساب غير موجود.',
    en: 'This account was not found.',
  },
  UNIT_NOT_FOUND: {
    fr: 'Cette unité (établissement, direction provinciale ou académie) est introuvable dans votre périmètre.',
    ar: 'هذه الوحدة (مؤسسة أو مديرية إقليمية أو أكاديمية) غير موجودة ضمن نطاقك.',
    en: 'This unit (school, provincial directorate or academy) was not found in your scope.',
  },
  SCHOOL_NOT_FOUND: {
    fr: 'Cet établissement est introuvable dans votre périmètre.',
    ar: 'هذه المؤسسة غير موجودة ضمن نطاقك.',
    en: 'This school was not found in your scope.',
  },
  SCHOOL_CODE_TAKEN: {
    fr: 'Un établissement porte déjà ce code.',
    ar: 'توجد مؤسسة أخرى بهذا الرمز.',
    en: 'A school already has this code.',
  },
  // documents (issue #8)
  DOCUMENT_NOT_FOUND: {
    fr: 'Ce document n’existe pas.',
    ar: 'هذه الوثيقة غير موجودة.',
    en: 'This document does not exist.',
  },
  DOCUMENT_UNAVAILABLE: {
    fr: 'Ce document ne peut pas encore être produit pour ce dossier : l’étape qui le remplit n’est pas enregistrée.',
    ar: 'لا يمكن بعدُ إصدار هذه الوثيقة لهذا الملف: المرحلة التي تملؤها غير مسجلة.',
    en: 'This document cannot be produced for this case yet: the step that fills it is not recorded.',
  },
  DOCUMENT_RENDER_FAILED: {
    fr: 'Le document n’a pas pu être produit. Réessayez ; si le problème persiste, signalez-le.',
    ar: 'تعذر إصدار الوثيقة. أعد المحاولة؛ وإذا استمر المشكل، أبلغ عنه.',
    en: 'The document could not be produced. Try again; if the problem persists, report it.',
  },
  'document.lang.invalid': {
    fr: 'Choisissez la langue du document : fr, ar, en ou fr+ar.',
    ar: 'اختر لغة الوثيقة: fr أو ar أو en أو fr+ar.',
    en: 'Choose the language of the document: fr, ar, en or fr+ar.',
  },
  'document.password.length': {
    fr: 'Le mot de passe du document doit compter de 8 à 128 caractères.',
    ar: 'يجب أن تتكون كلمة مرور الوثيقة من 8 إلى 128 حرفًا.',
    en: 'The document password must be 8 to 128 characters long.',
  },
  'membership.unit_mismatch': {
    fr: 'Ce rôle ne s’exerce pas dans ce type d’unité (établissement pour l’équipe et la direction, province ou académie pour les référents).',
    ar: 'لا يُمارَس هذا الدور في هذا النوع من الوحدات (المؤسسة لفريق الدعم والإدارة، والإقليم أو الأكاديمية للمكلفين).',
    en: 'This role is not held in this kind of unit (a school for team and principal roles, a province or academy for officers).',
  },
  'membership.admin_above_scope': {
    fr: 'Vous ne pouvez attribuer le rôle d’administrateur qu’à votre niveau ou en dessous.',
    ar: 'لا يمكنك منح دور المسؤول إلا في مستواك أو أدناه.',
    en: 'You can grant the administrator role only at your level or below.',
  },
  'role.invalid': {
    fr: 'Choisissez un rôle de la liste.',
    ar: 'اختر دورًا من القائمة.',
    en: 'Choose a role from the list.',
  },
  'email.invalid': {
    fr: 'Saisissez une adresse e-mail valide.',
    ar: 'أدخل بريدًا إلكترونيًا صالحًا.',
    en: 'Enter a valid e-mail address.',
  },
  'displayName.invalid': {
    fr: 'Saisissez un nom de 1 à 120 caractères.',
    ar: 'أدخل اسمًا من 1 إلى 120 حرفًا.',
    en: 'Enter a name of 1 to 120 characters.',
  },
  'locale.invalid': {
    fr: 'Choisissez le français, l’arabe ou l’anglais.',
    ar: 'اختر الفرنسية أو العربية أو الإنجليزية.',
    en: 'Choose French, Arabic or English.',
  },
  'school.code.invalid': {
    fr: 'Le code contient des lettres, chiffres, - . _ / (32 caractères au plus).',
    ar: 'يتكون الرمز من حروف وأرقام و- . _ / (32 حرفًا على الأكثر).',
    en: 'The code has letters, digits, - . _ / (at most 32 characters).',
  },
  'school.name.invalid': {
    fr: 'Saisissez un nom de 1 à 200 caractères.',
    ar: 'أدخل اسمًا من 1 إلى 200 حرف.',
    en: 'Enter a name of 1 to 200 characters.',
  },
  'school.nameAr.notArabic': {
    fr: 'Écrivez le nom arabe en caractères arabes.',
    ar: 'اكتب الاسم العربي بالحروف العربية.',
    en: 'Write the Arabic name in Arabic script.',
  },
  'school.level.invalid': {
    fr: 'Choisissez primaire, collège ou lycée.',
    ar: 'اختر الابتدائي أو الإعدادي أو التأهيلي.',
    en: 'Choose primary, lower secondary (collège) or upper secondary (lycée).',
  },
  'import.csv.invalid': {
    fr: 'Joignez le contenu d’un fichier CSV (2 Mo au plus).',
    ar: 'أرفق محتوى ملف CSV (2 ميغابايت على الأكثر).',
    en: 'Attach the contents of a CSV file (at most 2 MB).',
  },
  'import.files.required': {
    fr: 'Joignez le fichier des établissements, celui du personnel, ou les deux.',
    ar: 'أرفق ملف المؤسسات أو ملف الأطر أو كليهما.',
    en: 'Attach the schools file, the staff file, or both.',
  },
  'passwordLink.purpose.invalid': {
    fr: 'Choisissez une invitation ou une réinitialisation.',
    ar: 'اختر دعوة أو إعادة تعيين.',
    en: 'Choose an invitation or a reset.',
  },
  'query.filter.invalid': {
    fr: 'Ce filtre n’est pas valide.',
    ar: 'عامل التصفية هذا غير صالح.',
    en: 'This filter is not valid.',
  },
  // --- people involved (issue #6) ---
  PERSON_NOT_FOUND: {
    fr: 'Cette personne n’est pas (ou plus) dans ce dossier.',
    ar: 'هذا الشخص غير موجود (أو لم يعد موجودًا) في هذا الملف.',
    en: 'This person is not (or no longer) in this case.',
  },
  'person.role.invalid': {
    fr: 'Choisissez : cible, auteur présumé, témoin ou personne qui signale.',
    ar: 'اختر: الضحية، المعتدي المفترض، الشاهد أو المُبلِّغ.',
    en: 'Choose: target, presumed author, witness or reporter.',
  },
  'person.kind.invalid': {
    fr: 'Choisissez : élève, personnel, autre adulte ou inconnu.',
    ar: 'اختر: تلميذ، أحد الأطر، راشد آخر أو مجهول.',
    en: 'Choose: pupil, staff, other adult or unknown.',
  },
  'person.name.invalid': {
    fr: 'Le nom fait 120 caractères au plus, sans caractères de contrôle.',
    ar: 'لا يتجاوز الاسم 120 حرفًا، دون أحرف تحكم.',
    en: 'The name has at most 120 characters, without control characters.',
  },
  'person.class.invalid': {
    fr: 'La classe fait 40 caractères au plus.',
    ar: 'لا يتجاوز القسم 40 حرفًا.',
    en: 'The class has at most 40 characters.',
  },
  'person.note.invalid': {
    fr: 'La note fait 1 000 caractères au plus.',
    ar: 'لا تتجاوز الملاحظة 1000 حرف.',
    en: 'The note has at most 1,000 characters.',
  },
  'person.sex.invalid': {
    fr: 'Choisissez : fille, garçon, ou laissez vide si vous ne savez pas.',
    ar: 'اختر: أنثى أو ذكر، أو اترك الخانة فارغة إن كنت لا تعرف.',
    en: 'Choose: female or male, or leave it empty if you do not know.',
  },
  'person.reason.invalid': {
    fr: 'Le motif fait 500 caractères au plus, sans caractères de contrôle.',
    ar: 'لا يتجاوز السبب 500 حرف، دون رموز تحكم.',
    en: 'The reason has at most 500 characters, without control characters.',
  },
  // --- access requests under Law 09-08 (subject-access/) ---
  SUBJECT_ACCESS_RECORD_NOT_FOUND: {
    fr: 'Une des fiches choisies est introuvable ou n’est plus dans un dossier. Refaites la recherche.',
    ar: 'إحدى البطاقات المختارة غير موجودة أو لم تعد ضمن ملف. أعد البحث.',
    en: 'One of the chosen records cannot be found or is no longer in a case. Search again.',
  },
  'subjectAccess.query.invalid': {
    fr: 'Saisissez au moins 2 lettres du nom de l’élève (120 caractères au plus).',
    ar: 'أدخل حرفين على الأقل من اسم التلميذ (120 حرفًا على الأكثر).',
    en: 'Enter at least 2 letters of the pupil’s name (120 characters at most).',
  },
  'subjectAccess.personIds.invalid': {
    fr: 'Cochez au moins une fiche qui concerne l’élève (50 au plus).',
    ar: 'اختر بطاقة واحدة على الأقل تخص التلميذ (50 على الأكثر).',
    en: 'Tick at least one record about the pupil (50 at most).',
  },
  'subjectAccess.lang.invalid': {
    fr: 'Choisissez la langue du document : français, arabe ou anglais.',
    ar: 'اختر لغة الوثيقة: الفرنسية أو العربية أو الإنجليزية.',
    en: 'Choose the language of the document: French, Arabic or English.',
  },
  // --- evidence vault (issue #7) ---
  EVIDENCE_NOT_FOUND: {
    fr: 'Cet élément de preuve est introuvable.',
    ar: 'عنصر الإثبات هذا غير موجود.',
    en: 'This evidence item was not found.',
  },
  EVIDENCE_FILE_REQUIRED: {
    fr: 'Joignez un fichier (champ « file »).',
    ar: 'أرفق ملفًا (الحقل « file »).',
    en: 'Attach a file (field “file”).',
  },
  EVIDENCE_FILE_EMPTY: {
    fr: 'Le fichier est vide.',
    ar: 'الملف فارغ.',
    en: 'The file is empty.',
  },
  EVIDENCE_FILE_TOO_LARGE: {
    fr: 'Le fichier dépasse la taille maximale autorisée.',
    ar: 'يتجاوز الملف الحجم الأقصى المسموح به.',
    en: 'The file is larger than allowed.',
  },
  EVIDENCE_CASE_QUOTA: {
    fr: 'Ce dossier a atteint la taille totale autorisée pour les preuves. Supprimez ou décrivez plutôt.',
    ar: 'بلغ هذا الملف الحجم الإجمالي المسموح به للإثباتات. احذف بعضها أو اكتفِ بالوصف.',
    en: 'This case has reached the total size allowed for evidence. Delete some or describe instead.',
  },
  EVIDENCE_TYPE_NOT_ALLOWED: {
    fr: 'Type de fichier refusé : seuls les images PNG, JPEG, WebP, les PDF et les textes sont acceptés (jamais de SVG ni de page web).',
    ar: 'نوع الملف مرفوض: تُقبل فقط صور PNG وJPEG وWebP وملفات PDF والنصوص (لا SVG ولا صفحات ويب).',
    en: 'File type refused: only PNG, JPEG, WebP images, PDFs and plain text are accepted (never SVG or web pages).',
  },
  EVIDENCE_TYPE_MISMATCH: {
    fr: 'L’extension du fichier ne correspond pas à son contenu. Renommez-le ou exportez-le à nouveau.',
    ar: 'امتداد الملف لا يطابق محتواه. أعد تسميته أو صدّره من جديد.',
    en: 'The file’s extension does not match its content. Rename or export it again.',
  },
  EVIDENCE_FILE_CORRUPT: {
    fr: 'Le fichier est endommagé ou incomplet.',
    ar: 'الملف تالف أو غير مكتمل.',
    en: 'The file is damaged or incomplete.',
  },
  EVIDENCE_IMAGE_TOO_LARGE: {
    fr: 'L’image est trop grande (50 mégapixels au plus, 20 000 pixels par côté).',
    ar: 'الصورة كبيرة جدًا (50 ميغابكسل على الأكثر، و20000 بكسل لكل ضلع).',
    en: 'The image is too large (at most 50 megapixels, 20,000 pixels a side).',
  },
  EVIDENCE_ACTIVE_CONTENT: {
    fr: 'Le fichier contient du contenu actif (script, page web cachée, pièce jointe) : il est refusé.',
    ar: 'يحتوي الملف على محتوى نشط (برنامج نصي أو صفحة ويب مخفية أو مرفق): تم رفضه.',
    en: 'The file carries active content (script, hidden web page, attachment): it is refused.',
  },
  EVIDENCE_FILENAME_INVALID: {
    fr: 'Nom de fichier invalide (pas de dossiers, de « .. » ni de caractères de contrôle ; 200 caractères au plus).',
    ar: 'اسم الملف غير صالح (دون مجلدات أو « .. » أو أحرف تحكم؛ 200 حرف على الأكثر).',
    en: 'Invalid file name (no folders, “..” or control characters; at most 200 characters).',
  },
  EVIDENCE_DESCRIPTION_ONLY: {
    fr: 'Contenu sexuel impliquant un mineur : aucun fichier, aucune copie. Décrivez le contenu par écrit, ne supprimez rien, et suivez l’étape d’urgence (police ou gendarmerie, e-Blagh, Take It Down).',
    ar: 'محتوى جنسي يتعلق بقاصر: لا ملف ولا نسخة. صِف المحتوى كتابةً، ولا تحذف شيئًا، واتبع خطوة الاستعجال (الشرطة أو الدرك، منصة إبلاغ، Take It Down).',
    en: 'Sexual content involving a minor: no file, no copy. Describe the content in writing, delete nothing, and follow the emergency step (police or gendarmerie, e-Blagh, Take It Down).',
  },
  EVIDENCE_DELETED: {
    fr: 'Le contenu de cet élément a été supprimé (sa trace et ses empreintes restent).',
    ar: 'تم حذف محتوى هذا العنصر (يبقى أثره وبصماته).',
    en: 'This item’s content was deleted (its record and hashes remain).',
  },
  EVIDENCE_UPLOAD_MALFORMED: {
    fr: 'L’envoi est illisible (formulaire endommagé ou nom de fichier avec des caractères de contrôle).',
    ar: 'تعذرت قراءة الإرسال (استمارة تالفة أو اسم ملف يحتوي على أحرف تحكم).',
    en: 'The upload could not be read (damaged form or a file name with control characters).',
  },
  'evidence.title.invalid': {
    fr: 'Donnez un titre de 1 à 200 caractères.',
    ar: 'أدخل عنوانًا من 1 إلى 200 حرف.',
    en: 'Give a title of 1 to 200 characters.',
  },
  'evidence.note.invalid': {
    fr: 'La note fait 4 000 caractères au plus.',
    ar: 'لا تتجاوز الملاحظة 4000 حرف.',
    en: 'The note has at most 4,000 characters.',
  },
  'evidence.capturedAt.invalid': {
    fr: 'Date et heure invalides (pas dans le futur).',
    ar: 'تاريخ ووقت غير صالحين (ليس في المستقبل).',
    en: 'Invalid date and time (not in the future).',
  },
  'evidence.text.invalid': {
    fr: '200 caractères au plus, sans caractères de contrôle.',
    ar: '200 حرف على الأكثر، دون أحرف تحكم.',
    en: 'At most 200 characters, without control characters.',
  },
  'evidence.stepId.invalid': {
    fr: 'Étape inconnue du protocole de ce dossier.',
    ar: 'خطوة غير معروفة في بروتوكول هذا الملف.',
    en: 'Step unknown to this case’s protocol.',
  },
  'evidence.url.invalid': {
    fr: 'Saisissez une adresse web complète (https://…).',
    ar: 'أدخل عنوان ويب كاملًا (https://…).',
    en: 'Enter a full web address (https://…).',
  },
  'evidence.platform.invalid': {
    fr: 'Choisissez une plateforme de la liste.',
    ar: 'اختر منصة من القائمة.',
    en: 'Choose a platform from the list.',
  },
  'evidence.description.invalid': {
    fr: 'Décrivez le contenu en 20 à 4 000 caractères.',
    ar: 'صِف المحتوى في 20 إلى 4000 حرف.',
    en: 'Describe the content in 20 to 4,000 characters.',
  },
  'evidence.recipient.invalid': {
    fr: 'Choisissez le destinataire : police, gendarmerie, parquet, e-Blagh, plateforme ou autre.',
    ar: 'اختر الجهة المستلمة: الشرطة، الدرك، النيابة العامة، إبلاغ، المنصة أو غيرها.',
    en: 'Choose the recipient: police, gendarmerie, prosecutor, e-Blagh, platform or other.',
  },
  'evidence.reason.invalid': {
    fr: 'Expliquez la décision en 10 à 1 000 caractères.',
    ar: 'اشرح القرار في 10 إلى 1000 حرف.',
    en: 'Explain the decision in 10 to 1,000 characters.',
  },
  // --- transmissions to the direction provinciale / academy (issue #9) ---
  TRANSMISSION_NOT_FOUND: {
    fr: 'Transmission introuvable.',
    ar: 'الإرسال غير موجود.',
    en: 'Transmission not found.',
  },
  TRANSMISSION_ALREADY_SENT: {
    fr: 'Ce rapport a déjà été transmis.',
    ar: 'سبق إرسال هذا التقرير.',
    en: 'This report has already been sent.',
  },
  TRANSMISSION_ACKNOWLEDGED: {
    fr: 'La réception de cette transmission a déjà été confirmée.',
    ar: 'سبق تأكيد استلام هذا الإرسال.',
    en: 'This transmission has already been acknowledged.',
  },
  TRANSMISSION_HANDLED: {
    fr: 'Cette transmission est déjà traitée : elle ne peut plus changer.',
    ar: 'تمت معالجة هذا الإرسال: لم يعد بالإمكان تغييره.',
    en: 'This transmission has been handled: it can no longer change.',
  },
  'transmission.notDue': {
    fr: 'Ce rapport n’est pas dû pour ce dossier à ce stade du protocole.',
    ar: 'هذا التقرير غير مستحق لهذا الملف في هذه المرحلة من البروتوكول.',
    en: 'This report is not due for this case at this point of the protocol.',
  },
  'transmission.kind.invalid': {
    fr: 'Choisissez un rapport prévu par le protocole.',
    ar: 'اختر تقريرًا ينص عليه البروتوكول.',
    en: 'Choose a report the protocol provides for.',
  },
  'transmission.comment.invalid': {
    fr: 'Le commentaire doit faire au plus 2 000 caractères, sans caractères de contrôle.',
    ar: 'يجب ألا يتجاوز التعليق 2000 حرف، دون أحرف تحكم.',
    en: 'The comment must be at most 2,000 characters, without control characters.',
  },
  'transmission.text.invalid': {
    fr: 'Écrivez un message de 1 à 2 000 caractères, sans caractères de contrôle.',
    ar: 'اكتب رسالة من 1 إلى 2000 حرف، دون أحرف تحكم.',
    en: 'Write a message of 1 to 2,000 characters, without control characters.',
  },
  'transmission.period.invalid': {
    fr: 'Indiquez un mois (2026-11) ou un semestre (2026-T1 ou 2026-T2).',
    ar: 'حدد شهرًا (2026-11) أو أسدوسًا (2026-T1 أو 2026-T2).',
    en: 'Give a month (2026-11) or a term (2026-T1 or 2026-T2).',
  },
  'transmission.period.future': {
    fr: 'Cette période n’a pas encore commencé.',
    ar: 'هذه الفترة لم تبدأ بعد.',
    en: 'This period has not started yet.',
  },
  // --- the public reporting channel (issue #11) ---
  PUBLIC_SCHOOL_NOT_FOUND: {
    fr: 'Cette page de signalement n’existe pas. Vérifiez le lien ou le code de l’affiche.',
    ar: 'صفحة التبليغ هذه غير موجودة. تحقّق من الرابط أو من رمز الملصق.',
    en: 'This reporting page does not exist. Check the link or the code on the poster.',
  },
  PUBLIC_REPORT_PROOF_INVALID: {
    fr: 'La vérification de sécurité a expiré. Renvoyez le formulaire : vos réponses sont gardées.',
    ar: 'انتهت صلاحية التحقق الأمني. أعد إرسال الاستمارة: أجوبتك محفوظة.',
    en: 'The security check has expired. Send the form again: your answers are kept.',
  },
  PUBLIC_REPORT_RATE_LIMITED: {
    fr: 'Trop d’envois en peu de temps. Réessayez un peu plus tard. En cas de danger, appelez le 19.',
    ar: 'إرسالات كثيرة في وقت قصير. أعد المحاولة بعد قليل. في حالة الخطر، اتصل بالرقم 19.',
    en: 'Too many attempts in a short time. Try again a little later. If someone is in danger, call 19.',
  },
  PUBLIC_REPORT_NOT_FOUND: {
    fr: 'Code ou mot de passe incorrect. Vérifiez-les et réessayez.',
    ar: 'الرمز أو كلمة السر غير صحيحين. تحقّق منهما وأعد المحاولة.',
    en: 'Wrong code or passcode. Check them and try again.',
  },
  PUBLIC_REPORT_CLOSED: {
    fr: 'Ce signalement est clos : vous ne pouvez plus envoyer de message. Vous pouvez faire un nouveau signalement.',
    ar: 'هذا التبليغ مغلق: لم يعد بإمكانك إرسال رسالة. يمكنك تقديم تبليغ جديد.',
    en: 'This report is closed: you can no longer send a message. You can make a new report.',
  },
  INTAKE_REPORT_NOT_FOUND: {
    fr: 'Signalement introuvable.',
    ar: 'التبليغ غير موجود.',
    en: 'Report not found.',
  },
  INTAKE_REPORT_ALREADY_HANDLED: {
    fr: 'Ce signalement a déjà été traité. Actualisez la page.',
    ar: 'تمت معالجة هذا التبليغ من قبل. حدّث الصفحة.',
    en: 'This report has already been handled. Refresh the page.',
  },
  INTAKE_REPORT_PENDING: {
    fr: 'Ouvrez d’abord un dossier, rattachez le signalement à un dossier ou écartez-le.',
    ar: 'افتح ملفًا أولًا، أو اربط التبليغ بملف قائم، أو استبعده.',
    en: 'First open a case, link the report to a case, or dismiss it.',
  },
  INTAKE_REPORT_CLOSED: {
    fr: 'Cet échange est clos. Actualisez la page.',
    ar: 'هذه المراسلة مغلقة. حدّث الصفحة.',
    en: 'This conversation is closed. Refresh the page.',
  },
  'publicReport.language.invalid': {
    fr: 'Choisissez une langue : français, arabe ou anglais.',
    ar: 'اختر لغة: الفرنسية أو العربية أو الإنجليزية.',
    en: 'Choose a language: French, Arabic or English.',
  },
  'publicReport.reporterRole.invalid': {
    fr: 'Dites qui vous êtes : la personne visée, un témoin, un parent ou un membre du personnel.',
    ar: 'حدّد من أنت: الشخص المستهدف أو شاهد أو ولي أمر أو أحد الأطر.',
    en: 'Say who you are: the person targeted, a witness, a parent or a member of staff.',
  },
  'publicReport.whatHappened.invalid': {
    fr: 'Racontez ce qui s’est passé (2 000 caractères au plus).',
    ar: 'احكِ ما حدث (2000 حرف على الأكثر).',
    en: 'Tell what happened (2,000 characters at most).',
  },
  'publicReport.platforms.invalid': {
    fr: 'Choisissez au plus 10 plateformes dans la liste.',
    ar: 'اختر 10 منصات على الأكثر من القائمة.',
    en: 'Choose at most 10 platforms from the list.',
  },
  'publicReport.since.invalid': {
    fr: 'Dites depuis quand cela dure.',
    ar: 'حدّد منذ متى يحدث ذلك.',
    en: 'Say since when this has been happening.',
  },
  'publicReport.involved.invalid': {
    fr: 'Les personnes impliquées : 500 caractères au plus.',
    ar: 'الأشخاص المعنيون: 500 حرف على الأكثر.',
    en: 'People involved: 500 characters at most.',
  },
  'publicReport.dangerNow.invalid': {
    fr: 'Dites si quelqu’un est en danger maintenant (oui ou non).',
    ar: 'حدّد هل يوجد شخص في خطر الآن (نعم أو لا).',
    en: 'Say whether someone is in danger right now (yes or no).',
  },
  'publicReport.contact.invalid': {
    fr: 'Le moyen de vous joindre : 200 caractères au plus, ou laissez vide pour rester anonyme.',
    ar: 'وسيلة التواصل معك: 200 حرف على الأكثر، أو اتركها فارغة لتبقى مجهول الهوية.',
    en: 'How to reach you: 200 characters at most, or leave it empty to stay anonymous.',
  },
  'publicReport.proof.required': {
    fr: 'La vérification de sécurité manque. Rechargez la page et renvoyez le formulaire.',
    ar: 'التحقق الأمني ناقص. أعد تحميل الصفحة وأرسل الاستمارة من جديد.',
    en: 'The security check is missing. Reload the page and send the form again.',
  },
  'publicReport.code.required': {
    fr: 'Entrez le code du signalement et le mot de passe reçus.',
    ar: 'أدخل رمز التبليغ وكلمة السر اللذين توصلت بهما.',
    en: 'Enter the report code and the passcode you received.',
  },
  'publicReport.message.invalid': {
    fr: 'Écrivez un message de 1 à 1 000 caractères.',
    ar: 'اكتب رسالة من 1 إلى 1000 حرف.',
    en: 'Write a message of 1 to 1,000 characters.',
  },
  'intakeReport.status.invalid': {
    fr: 'Statut inconnu : pending, converted, linked, dismissed ou all.',
    ar: 'حالة غير معروفة: pending أو converted أو linked أو dismissed أو all.',
    en: 'Unknown status: pending, converted, linked, dismissed or all.',
  },
  'intakeReport.reason.invalid': {
    fr: 'Indiquez la raison (3 à 500 caractères).',
    ar: 'اذكر السبب (من 3 إلى 500 حرف).',
    en: 'Give the reason (3 to 500 characters).',
  },
  'intakeReport.caseId.invalid': {
    fr: 'Choisissez un dossier de l’établissement.',
    ar: 'اختر ملفًا من ملفات المؤسسة.',
    en: 'Choose a case of the school.',
  },
  'poster.lang.invalid': {
    fr: 'Choisissez la langue de l’affiche : français ou arabe.',
    ar: 'اختر لغة الملصق: الفرنسية أو العربية.',
    en: 'Choose the language of the poster: French or Arabic.',
  },
} satisfies Catalogue;

export type MessageKey = keyof typeof MESSAGES;

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(MESSAGES, key);
}

export function translate(key: MessageKey, lang: Lang): string {
  return MESSAGES[key][lang];
}

/** Picks fr, ar or en from an Accept-Language header; French, the schools' working language, by default. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'fr';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: tag.toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const entry of ranked) {
    if ((LANGS as readonly string[]).includes(entry.lang)) return entry.lang as Lang;
  }
  return 'fr';
}
