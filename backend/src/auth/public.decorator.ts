import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'sanad:isPublic';
/** Marks a route that needs no signed-in user (health, sign-in). Everything else does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ALLOW_WITHOUT_MFA = 'sanad:allowWithoutMfa';
/**
 * Marks a route a signed-in user may call before enrolling in two-factor authentication when their role
 * requires it (profile, enrolment). Every other route answers 403 MFA_ENROLMENT_REQUIRED until then.
 */
export const AllowWithoutMfa = () => SetMetadata(ALLOW_WITHOUT_MFA, true);
