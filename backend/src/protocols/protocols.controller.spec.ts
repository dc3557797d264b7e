import type { Response } from 'express';
import { ProtocolCatalogue } from './protocol-catalogue';
import { ProtocolsController } from './protocols.controller';

describe('ProtocolsController: caching of a definition', () => {
  const catalogue = ProtocolCatalogue.load();
  const controller = new ProtocolsController(catalogue);

  function headersOf(call: (res: Response) => unknown): Record<string, string> {
    const headers: Record<string, string> = {};
    call({ setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value) } as unknown as Response);
    return headers;
  }

  it('lets the browser keep a published version (it never changes), for the signed-in person only', () => {
    const published = catalogue.list().find((l) => l.definition.status === 'published')!;
    const headers = headersOf((res) => controller.get(published.definition.id, published.definition.version, res));
    expect(headers['cache-control']).toBe('private, max-age=31536000, immutable');
  });

  it('sets nothing for a draft (the API answers no-store) nor for an unknown version', () => {
    const draft = catalogue.list().find((l) => l.definition.status !== 'published');
    if (draft) expect(headersOf((res) => controller.get(draft.definition.id, draft.definition.version, res))).toEqual({});
    let headers: Record<string, string> = {};
    expect(() => (headers = headersOf((res) => controller.get('ma-cyberharassment', '9.9.9', res)))).toThrow();
    expect(headers).toEqual({});
  });
});
