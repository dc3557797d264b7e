import { passwordProblem } from './password-policy';

describe('password policy', () => {
  const email = 'salma.bennani@demo.sanad.ma';

  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('violet-tajine-hirondelle', email)).toBeNull();
    expect(passwordProblem('Sanad-demo-2026!', email)).toBeNull();
  });

  it('refuses passwords shorter than 12 or longer than 256 characters', () => {
    expect(passwordProblem('Xk9!vT2#qLm', email)).toBe('password.tooShort');
    expect(passwordProblem('x'.repeat(257), email)).toBe('password.tooLong');
    // characters, not UTF-16 units or bytes
    expect(passwordProblem('كلمةسرطويلةجدا', email)).toBeNull();
  });

  it('refuses common passwords whatever the case, also padded with digits or symbols', () => {
    expect(passwordProblem('QwertyUIOP123', email)).toBe('password.common');
    expect(passwordProblem('1q2w3e4r5t6y', email)).toBe('password.common');
    expect(passwordProblem('Password2026!', email)).toBe('password.common');
    expect(passwordProblem('Casablanca123456', email)).toBe('password.common');
    expect(passwordProblem('aaaaaaaaaaaaaaaa', email)).toBe('password.common');
  });

  it("refuses a password containing the e-mail's local part or a long piece of it", () => {
    expect(passwordProblem('my-Salma.Bennani-key', email)).toBe('password.containsEmail');
    expect(passwordProblem('bennani-violet-tajine', email)).toBe('password.containsEmail');
  });
});
