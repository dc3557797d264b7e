/**
 * The protocol version new cases are pinned to. Temporary: replaced by the protocol registry once the
 * engine package (`@sanad/protocols`) loads published definitions (issue #3).
 */
export const PROTOCOL_PIN = { id: 'ma-cyberharassment', version: '1.0.0', initialState: 'REPORTED' } as const;
