import { groupSecret, isOtp, latinDigits, normaliseOtp, normaliseRecoveryCode } from './otp-code';

describe('otp-code helpers', () => {
  it('reads codes typed with spaces, dashes or Arabic digits', () => {
    expect(latinDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789 0123456789');
    expect(normaliseOtp(' 123 456 ')).toBe('123456');
    expect(normaliseOtp('123-456')).toBe('123456');
    expect(isOtp('123456')).toBeTrue();
    expect(isOtp('12345')).toBeFalse();
    expect(isOtp('12345a')).toBeFalse();
    expect(normaliseRecoveryCode(' abcd-efgh ')).toBe('abcd-efgh');
  });

  it('groups a secret by 4', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('JBS WY3')).toBe('JBSW Y3');
    expect(groupSecret('')).toBe('');
  });
});
