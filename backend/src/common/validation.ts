import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from './domain-error';
import { isMessageKey } from './messages';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    if (constraints.whitelistValidation) {
      out.push({ field, code: 'validation.unknownField' });
    } else {
      // the first failing rule is enough for a person to fix the field; its message is a message key
      const first = Object.values(constraints)[0];
      if (first !== undefined) out.push({ field, code: isMessageKey(first) ? first : 'validation.invalid' });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

/** Rejects unknown fields, converts types, and reports every problem as a translatable field error. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new DomainError('VALIDATION_FAILED', flatten(errors)),
  });
}
