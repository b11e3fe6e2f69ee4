// The tables the XML gateway adds to the schema: sessions, failed-login counts and readMore cursors.

import { LOGIN_THROTTLE_TABLES } from '../../auth/login-throttle.ts';
import { SESSION_TABLES } from '../../auth/sessions.ts';
import type { TableSpec } from '../../store/table-spec.ts';
import { RESULT_CURSOR_TABLES } from './result-cursors.ts';

export const XML_GATEWAY_TABLES: readonly TableSpec[] = [
  ...SESSION_TABLES,
  ...LOGIN_THROTTLE_TABLES,
  ...RESULT_CURSOR_TABLES,
];
