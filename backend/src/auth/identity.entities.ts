/** Extra entities of the identity feature (beyond User and Session), registered by database/data-source.ts. */
export const IDENTITY_ENTITIES: (new () => object)[] = [];
