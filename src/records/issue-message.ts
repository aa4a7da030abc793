/** A readable English message for one zod issue (forms, the API and import errors share it). */
import type { z } from 'zod';
import { shownValue } from '../i18n/zod';

const shown = shownValue;

/** A readable message for one zod issue (zod's own message when nothing better is known). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? 'a value is required' : `${shown(input)} is not a ${issue.expected}`;
    case 'invalid_value':
      if (input === undefined) return 'a value is required';
      return `${shown(input)} is not one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'date') return `${shown(input)} is not a date (expected YYYY-MM-DD)`;
      return input === undefined ? issue.message : `${shown(input)}: ${issue.message}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
    case 'too_big':
      return input === undefined || Array.isArray(input)
        ? issue.message
        : `${shown(input)}: ${issue.message}`;
    default:
      return issue.message;
  }
}
