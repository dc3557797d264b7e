import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'sanad:isPublic';
/** Marks a route that needs no signed-in user (health, sign-in). Everything else does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
