import { isPublicPath } from './public-paths';

describe('isPublicPath', () => {
  it('is true for the public reporting pages only', () => {
    expect(isPublicPath('/report/DEMO01')).toBeTrue();
    expect(isPublicPath('/report/follow-up')).toBeTrue();
    expect(isPublicPath('/report')).toBeTrue();
    expect(isPublicPath('/report?x=1')).toBeTrue();
    expect(isPublicPath('/reports')).toBeFalse();
    expect(isPublicPath('/cases/report')).toBeFalse();
    expect(isPublicPath('/intake')).toBeFalse();
    expect(isPublicPath('/')).toBeFalse();
  });
});
