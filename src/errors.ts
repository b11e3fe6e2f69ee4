// The one registry of error codes: stage, XML error number and REST status for each; protocol writers render them.

export type ErrorStage = 'config' | 'store' | 'auth' | 'parse' | 'bind' | 'limit' | 'queue' | 'write' | 'internal';

export interface ErrorSpec {
  readonly stage: ErrorStage;
  /** Intacct XML gateway error number. */
  readonly xmlErrorNo: string;
  /** HTTP status of the REST error response. */
  readonly restStatus: number;
}

export const ERROR_REGISTRY = {
  'config.invalid': { stage: 'config', xmlErrorNo: 'PL04000055', restStatus: 500 },
  'store.unreachable': { stage: 'store', xmlErrorNo: 'XL03000009', restStatus: 503 },
  'store.schema-conflict': { stage: 'store', xmlErrorNo: 'XL03000009', restStatus: 500 },
  'auth.unknown-company': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 401 },
  'auth.unknown-entity': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 401 },
  // XML gateway sign-in: Intacct answers XL03000006 for a bad sender, a bad login, a locked user and a dead session
  // alike.
  'auth.invalid-sender': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 401 },
  'auth.sender-not-authorized': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 403 },
  'auth.invalid-login': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 401 },
  'auth.user-locked': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 403 },
  'auth.login-throttled': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 429 },
  'auth.invalid-session': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 401 },
  'parse.invalid-request': { stage: 'parse', xmlErrorNo: 'XL03000003', restStatus: 400 },
  'parse.unknown-function': { stage: 'parse', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'parse.session-not-alone': { stage: 'parse', xmlErrorNo: 'BL01001973', restStatus: 400 },
  // The admin API and its CLI (emulator controls).
  'admin.unreachable': { stage: 'config', xmlErrorNo: 'XL03000009', restStatus: 503 },
  'admin.failed': { stage: 'config', xmlErrorNo: 'XL03000009', restStatus: 500 },
  // Emulator state (meter, journal, snapshots, reset): a company or snapshot that does not exist, a name already taken,
  // a bad admin request.
  'admin.unknown-company': { stage: 'config', xmlErrorNo: 'XL03000009', restStatus: 404 },
  'admin.unknown-snapshot': { stage: 'config', xmlErrorNo: 'XL03000009', restStatus: 404 },
  'admin.duplicate-snapshot': { stage: 'config', xmlErrorNo: 'XL03000009', restStatus: 409 },
  'admin.invalid-request': { stage: 'config', xmlErrorNo: 'XL03000009', restStatus: 400 },
  'admin.not-resettable': { stage: 'config', xmlErrorNo: 'XL03000009', restStatus: 422 },
  'limit.body-too-large': { stage: 'limit', xmlErrorNo: 'XL03000003', restStatus: 413 },
  // CSV import: an uploaded file over the import size limit, or one whose header row cannot be read.
  'limit.file-too-large': { stage: 'limit', xmlErrorNo: 'XL03000003', restStatus: 413 },
  'parse.invalid-csv': { stage: 'parse', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'limit.invalid-result-id': { stage: 'limit', xmlErrorNo: 'BL01001973', restStatus: 404 },
  'store.rolled-back': { stage: 'store', xmlErrorNo: 'XL03000009', restStatus: 409 },
  'queue.offline-unavailable': { stage: 'queue', xmlErrorNo: 'BL01001973', restStatus: 501 },
  // promote and cancel: below premium service level, a JOBID the company does not have, a job in a state the function
  // cannot change.
  'queue.not-permitted': { stage: 'queue', xmlErrorNo: 'BL01001973', restStatus: 403 },
  'queue.unknown-job': { stage: 'queue', xmlErrorNo: 'BL01001973', restStatus: 404 },
  'queue.job-not-waiting': { stage: 'queue', xmlErrorNo: 'BL01001973', restStatus: 409 },
  // jobs result: the job has not been delivered (yet), or is of a kind that keeps no result.
  'queue.no-result': { stage: 'queue', xmlErrorNo: 'BL01001973', restStatus: 409 },
  // A report schedule: a bad cron expression or time zone, a name already used, or none of that name.
  'queue.invalid-schedule': { stage: 'queue', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'queue.duplicate-schedule': { stage: 'queue', xmlErrorNo: 'BL01001973', restStatus: 409 },
  'queue.unknown-schedule': { stage: 'queue', xmlErrorNo: 'BL01001973', restStatus: 404 },
  // A <policyid> the company has no policy for: refused at the control level, before anything is queued.
  'queue.unknown-policy': { stage: 'queue', xmlErrorNo: 'BL01001973', restStatus: 400 },
  // REST OAuth2: a missing, unknown, expired or revoked bearer token; bad client or user; a grant that cannot be used.
  'auth.missing-token': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 401 },
  'auth.invalid-token': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 401 },
  'auth.invalid-client': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 401 },
  'auth.invalid-user': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 401 },
  'auth.invalid-grant': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 400 },
  'auth.entity-not-allowed': { stage: 'auth', xmlErrorNo: 'XL03000006', restStatus: 403 },
  'parse.malformed-xml': { stage: 'parse', xmlErrorNo: 'XL03000003', restStatus: 400 },
  'parse.malformed-json': { stage: 'parse', xmlErrorNo: 'XL03000003', restStatus: 400 },
  'parse.invalid-query': { stage: 'parse', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'bind.unknown-object': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 404 },
  /** REST GET /objects/{module}/{object}/{key} or an unknown /ia/api/v1 path. */
  'bind.unknown-record': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 404 },
  'bind.unknown-field': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'bind.hierarchy-depth': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  // Well-formed requests the service will not run (owned collections, href in filters, a value the field cannot hold)
  // are REST 422.
  'bind.collection-path': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 422 },
  'bind.invalid-value': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 422 },
  'bind.value-count': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'bind.not-allowed': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 422 },
  'bind.unsupported-operator': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'limit.out-of-range': { stage: 'limit', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'limit.too-many-values': { stage: 'limit', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'limit.rate': { stage: 'limit', xmlErrorNo: 'XL03000009', restStatus: 429 },
  // A company over its concurrency limit (emulator controls): Intacct's gateway answers GW-0010 with HTTP 429.
  'limit.concurrency': { stage: 'limit', xmlErrorNo: 'GW-0010', restStatus: 429 },
  // Writes (create/update/delete): Intacct answers BL01001973 for every invalid record; the message names the field.
  'write.failed': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 422 },
  'write.required-field': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 422 },
  'write.invalid-value': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 422 },
  'write.read-only-field': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 422 },
  'write.unknown-field': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 422 },
  'write.missing-reference': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 422 },
  'write.duplicate-id': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 409 },
  'write.unknown-record': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 404 },
  'write.read-only-object': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 422 },
  'write.not-permitted': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 403 },
  'write.entity-not-allowed': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 403 },
  // A delete of a record other records still name (a vendor with bills, a bill with payments applied).
  'write.referenced-record': { stage: 'write', xmlErrorNo: 'BL01001973', restStatus: 409 },
  // <uniqueid>true</uniqueid> with a control id already used: refused at the control level. The error number is not
  // confirmed by an Intacct sample.
  'write.duplicate-control-id': { stage: 'write', xmlErrorNo: 'XL03000005', restStatus: 409 },
  internal: { stage: 'internal', xmlErrorNo: 'XL03000009', restStatus: 500 },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_REGISTRY;

export class LedgerqError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'LedgerqError';
  }

  get spec(): ErrorSpec {
    return ERROR_REGISTRY[this.code];
  }
}

/** A broken invariant: a generic failure on the wire, logged in full. */
export class InternalError extends LedgerqError {
  constructor(message: string) {
    super('internal', message);
    this.name = 'InternalError';
  }
}

export function assertNever(x: never): never {
  throw new InternalError(`unhandled case: ${JSON.stringify(x)}`);
}
