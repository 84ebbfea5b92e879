import { ConfigurationError } from '@aws-delivery/action-kit';

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** Checks an AWS account id (exactly 12 digits, leading zeros kept) and returns it. */
export function validateAccountId(value: string, inputName: string): string {
  if (isAccountId(value)) return value;
  const digits = value.replace(/\D/g, '');
  const hint =
    digits.length > 0 && digits.length < 12 && /^\d+$/.test(value)
      ? ` It has ${digits.length} digits: if it lost its leading zeros (YAML reads 012345678901 as a number), quote it.`
      : '';
  throw new ConfigurationError(
    `${inputName} "${value}" is not an AWS account id: an account id is exactly 12 digits, such as 123456789012.${hint}`,
    inputName,
  );
}
