/** Entities of the audit trail, registered by database/data-source.ts. */
export const AUDIT_ENTITIES: (new () => object)[] = [];
