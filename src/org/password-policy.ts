export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** How many of: lowercase, uppercase, digit, symbol. */
  minCharacterClasses: number;
}

/** GB/T 22239 level 3 asks for complex passwords; these defaults are the common reading of it. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 10, maxLength: 128, minCharacterClasses: 3 };

export interface PolicyViolation {
  reason: { en: string; zh: string };
}

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** Returns the first rule the password breaks, or null when it is acceptable. */
export function checkPassword(password: string, username: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): PolicyViolation | null {
  if (password.length < policy.minLength) {
    return { reason: { en: `at least ${policy.minLength} characters`, zh: `至少 ${policy.minLength} 个字符` } };
  }
  if (password.length > policy.maxLength) {
    return { reason: { en: `at most ${policy.maxLength} characters`, zh: `最多 ${policy.maxLength} 个字符` } };
  }
  const classes = CLASSES.filter((pattern) => pattern.test(password)).length;
  if (classes < policy.minCharacterClasses) {
    return {
      reason: {
        en: `use at least ${policy.minCharacterClasses} of: lowercase, uppercase, digits, symbols`,
        zh: `需包含小写字母、大写字母、数字、符号中的至少 ${policy.minCharacterClasses} 类`,
      },
    };
  }
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    return { reason: { en: 'must not contain the username', zh: '不能包含用户名' } };
  }
  return null;
}
