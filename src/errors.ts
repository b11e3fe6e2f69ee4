// The one registry of error codes: stage, XML error number and REST status for each; protocol writers render them.

/** The stages a request goes through; each error belongs to the one that raises it. */
export const ERROR_STAGES = ['parse', 'sign-in', 'bind', 'execute', 'write', 'queue', 'admin'] as const;
export type ErrorStage = (typeof ERROR_STAGES)[number];

export interface ErrorSpec {
  /** Intacct XML gateway error number. */
  readonly xmlErrorNo: string;
  /** HTTP status of the REST error response. */
  readonly restStatus: number;
  /** What this kind of failure is, in a few words; the error itself says what went wrong in the request. */
  readonly message: string;
  /**
   * Intacct's correction text where its samples show one; Intacct leaves it empty in most (intacct-responses fact 15),
   * and so does ledgerq elsewhere.
   */
  readonly correction?: string;
  /** Intacct's <description> where its samples show one (empty elsewhere, fact 15); the error's message goes in description2. */
  readonly description?: string;
}

/**
 * Every error ledgerq answers, grouped by stage. Codes are never reused: a retired one stays, marked. The REST body's
 * errorId is the code; docs/errors.md is checked against this table by test/errors.test.ts.
 */
export const ERRORS_BY_STAGE = {
  /** Reading the request: XML, JSON, CSV, the gateway envelope and bodies over a limit. */
  parse: {
    'parse.invalid-request': {
      xmlErrorNo: 'XL03000003',
      restStatus: 400,
      message: 'Invalid request',
    },
    'parse.unknown-function': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Unknown function' },
    'parse.session-not-alone': {
      xmlErrorNo: 'BL01001973',
      restStatus: 400,
      message: 'Get API Session Failed',
    },
    'limit.body-too-large': {
      xmlErrorNo: 'XL03000003',
      restStatus: 413,
      message: 'Request too large',
    },
    // CSV import: an uploaded file over the import size limit, or one whose header row cannot be read.
    'limit.file-too-large': { xmlErrorNo: 'XL03000003', restStatus: 413, message: 'File too large' },
    'parse.invalid-csv': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Invalid CSV file' },
    'parse.malformed-xml': {
      xmlErrorNo: 'XL03000003',
      restStatus: 400,
      message: 'XML Parse error',
    },
    'parse.malformed-json': { xmlErrorNo: 'XL03000003', restStatus: 400, message: 'Malformed JSON' },
    'parse.invalid-query': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Invalid query' },
    // An XML function whose elements do not follow its declaration (src/protocols/xml/function-schemas.ts): an unknown
    // or misspelled element, a required one missing, too many, two that exclude each other. Intacct validates requests
    // against its XSD, but its error number and text for a function that fails it are in none of the samples
    // (shared/protocol): XL03000003 is the number it gives a request it cannot read; the message names the element by
    // its path in the function.
    'parse.invalid-element': { xmlErrorNo: 'XL03000003', restStatus: 400, message: 'XML Parse schema error' },
  },
  /** Who is calling: senders, logins, sessions, OAuth2 clients and tokens, entities. */
  'sign-in': {
    'auth.unknown-company': {
      xmlErrorNo: 'XL03000006',
      restStatus: 401,
      message: 'Sign-in information is incorrect',
    },
    'auth.unknown-entity': {
      xmlErrorNo: 'XL03000006',
      restStatus: 401,
      message: 'Sign-in information is incorrect',
    },
    // XML gateway sign-in: Intacct answers XL03000006 for a bad sender, a bad login, a locked user and a dead session
    // alike. A bad sender in its words (intacct-responses facts 3 and 15, `php-control-failure.xml`).
    'auth.invalid-sender': {
      xmlErrorNo: 'XL03000006',
      restStatus: 401,
      message: '<sender> is not a valid transport policy.',
    },
    // A sender not authorized for the company, as a public client's fixture of Intacct's answer shows it: at the
    // authentication level, with this description, "The sender ID '…' is not authorized to make Web Services requests
    // to company ID '…'." in description2, and this correction (answer-request.ts).
    'auth.sender-not-authorized': {
      xmlErrorNo: 'XL03000006',
      restStatus: 403,
      message: 'Invalid Web Services Authorization',
      description: 'Invalid Web Services Authorization',
      correction: 'Contact the company administrator to grant Web Services authorization to this sender ID.',
    },
    'auth.invalid-login': {
      xmlErrorNo: 'XL03000006',
      restStatus: 401,
      message: 'Sign-in information is incorrect',
    },
    'auth.user-locked': {
      xmlErrorNo: 'XL03000006',
      restStatus: 403,
      message: 'Sign-in information is incorrect',
    },
    'auth.login-throttled': {
      xmlErrorNo: 'XL03000006',
      restStatus: 429,
      message: 'Sign-in information is incorrect',
    },
    'auth.invalid-session': {
      xmlErrorNo: 'XL03000006',
      restStatus: 401,
      message: 'Invalid session',
    },
    // REST OAuth2: a missing, unknown, expired or revoked bearer token; bad client or user; a grant that cannot be used.
    'auth.missing-token': { xmlErrorNo: 'XL03000006', restStatus: 401, message: 'Bearer token required' },
    'auth.invalid-token': { xmlErrorNo: 'XL03000006', restStatus: 401, message: 'Invalid or expired token' },
    'auth.invalid-client': { xmlErrorNo: 'XL03000006', restStatus: 401, message: 'Invalid client' },
    'auth.invalid-user': { xmlErrorNo: 'XL03000006', restStatus: 401, message: 'Invalid user' },
    'auth.invalid-grant': { xmlErrorNo: 'XL03000006', restStatus: 400, message: 'Invalid grant' },
    'auth.entity-not-allowed': {
      xmlErrorNo: 'XL03000006',
      restStatus: 403,
      message: 'Sign-in information is incorrect',
    },
  },
  /** Names and values against the catalog: objects, fields, paths, operators, values and their limits. */
  bind: {
    // Intacct's words for read, readByQuery and readByName of an unknown object (intacct-responses fact 15).
    'bind.unknown-object': {
      xmlErrorNo: 'BL01001973',
      restStatus: 404,
      message: 'Object definition <object> not found',
    },
    /** REST GET /objects/{module}/{object}/{key} or an unknown /ia/api/v1 path. */
    'bind.unknown-record': { xmlErrorNo: 'BL01001973', restStatus: 404, message: 'Record or endpoint not found' },
    'bind.unknown-field': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Unknown field' },
    'bind.hierarchy-depth': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Too many hierarchical hops' },
    // Well-formed requests the service will not run (owned collections, href in filters, a value the field cannot hold)
    // are REST 422.
    'bind.collection-path': {
      xmlErrorNo: 'BL01001973',
      restStatus: 422,
      message: 'Owned collections cannot be queried',
    },
    'bind.invalid-value': { xmlErrorNo: 'BL01001973', restStatus: 422, message: 'Invalid value' },
    'bind.value-count': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Wrong number of values' },
    'bind.not-allowed': { xmlErrorNo: 'BL01001973', restStatus: 422, message: 'Not allowed here' },
    'bind.unsupported-operator': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Unsupported operator' },
    'limit.out-of-range': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Value out of range' },
    'limit.too-many-values': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Too many values' },
  },
  /** Running an admitted request: the database, readMore cursors, transactions, rate and concurrency limits. */
  execute: {
    // A bug (InternalError): a generic failure on the wire, logged in full.
    internal: {
      xmlErrorNo: 'XL03000009',
      restStatus: 500,
      message: 'Internal error',
    },
    'store.unreachable': { xmlErrorNo: 'XL03000009', restStatus: 503, message: 'The database is unreachable' },
    'store.schema-conflict': {
      xmlErrorNo: 'XL03000009',
      restStatus: 500,
      message: 'The database schema conflicts with the catalog',
    },
    // Intacct's words (intacct-responses fact 15, `php-readMore-failure-expired.xml`).
    'limit.invalid-result-id': {
      xmlErrorNo: 'BL01001973',
      restStatus: 404,
      message: 'Attempt to readMore with an invalid or expired resultId: <id>',
    },
    'store.rolled-back': {
      xmlErrorNo: 'XL03000009',
      restStatus: 409,
      message: 'The entire transaction in this operation has been rolled back due to an error.',
    },
    'limit.rate': { xmlErrorNo: 'GW-0010', restStatus: 429, message: 'Rate limit exceeded' },
    // A company over its concurrency limit (emulator controls): Intacct's gateway answers GW-0010 with HTTP 429.
    'limit.concurrency': {
      xmlErrorNo: 'GW-0010',
      restStatus: 429,
      message: 'Rate limit exceeded',
    },
  },
  /** Creates, updates and deletes, and the uniqueid guard. */
  write: {
    // Writes (create/update/delete): Intacct answers BL01001973 for every invalid record; the message names the field.
    'write.failed': { xmlErrorNo: 'BL01001973', restStatus: 422, message: 'Could not write the record' },
    'write.required-field': { xmlErrorNo: 'BL01001973', restStatus: 422, message: 'Required field missing' },
    'write.invalid-value': { xmlErrorNo: 'BL01001973', restStatus: 422, message: 'Invalid value' },
    'write.read-only-field': { xmlErrorNo: 'BL01001973', restStatus: 422, message: 'Read-only field' },
    'write.unknown-field': { xmlErrorNo: 'BL01001973', restStatus: 422, message: 'Unknown field' },
    'write.missing-reference': { xmlErrorNo: 'BL01001973', restStatus: 422, message: 'Referenced record not found' },
    'write.duplicate-id': {
      xmlErrorNo: 'BL01001973',
      restStatus: 409,
      message: 'Duplicate ID',
      // Intacct's own correction for a duplicate (intacct-responses fact 15).
      correction: 'Use a unique value instead.',
    },
    'write.unknown-record': { xmlErrorNo: 'BL01001973', restStatus: 404, message: 'Record not found' },
    'write.read-only-object': { xmlErrorNo: 'BL01001973', restStatus: 422, message: 'Read-only object' },
    'write.not-permitted': { xmlErrorNo: 'BL01001973', restStatus: 403, message: 'Read-only user' },
    'write.entity-not-allowed': { xmlErrorNo: 'BL01001973', restStatus: 403, message: 'Entity not allowed' },
    // A delete of a record other records still name (a vendor with bills, a bill with payments applied).
    'write.referenced-record': { xmlErrorNo: 'BL01001973', restStatus: 409, message: 'Record still referenced' },
    // <uniqueid>true</uniqueid> with a control id already used: refused at the control level. The error number is not
    // confirmed by an Intacct sample.
    'write.duplicate-control-id': { xmlErrorNo: 'XL03000005', restStatus: 409, message: 'Duplicate control ID' },
  },
  /** The offline job queue: promote, cancel, results, schedules, offline policies. */
  queue: {
    'queue.offline-unavailable': {
      xmlErrorNo: 'BL01001973',
      restStatus: 501,
      message: 'Offline requests are not available',
    },
    // promote and cancel: below premium service level, a JOBID the company does not have, a job in a state the function
    // cannot change.
    'queue.not-permitted': { xmlErrorNo: 'BL01001973', restStatus: 403, message: 'Not permitted for this company' },
    'queue.unknown-job': { xmlErrorNo: 'BL01001973', restStatus: 404, message: 'Unknown job' },
    'queue.job-not-waiting': { xmlErrorNo: 'BL01001973', restStatus: 409, message: 'The job is not waiting' },
    // jobs result: the job has not been delivered (yet), or is of a kind that keeps no result.
    'queue.no-result': { xmlErrorNo: 'BL01001973', restStatus: 409, message: 'The job has no result' },
    // A report schedule: a bad cron expression or time zone, a name already used, or none of that name.
    'queue.invalid-schedule': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Invalid schedule' },
    'queue.duplicate-schedule': {
      xmlErrorNo: 'BL01001973',
      restStatus: 409,
      message: 'A schedule of that name exists',
    },
    'queue.unknown-schedule': { xmlErrorNo: 'BL01001973', restStatus: 404, message: 'Unknown schedule' },
    // A <policyid> the company has no policy for: refused at the control level, before anything is queued.
    'queue.unknown-policy': { xmlErrorNo: 'BL01001973', restStatus: 400, message: 'Unknown policy' },
  },
  /** The emulator's configuration and admin API. */
  admin: {
    'config.invalid': { xmlErrorNo: 'PL04000055', restStatus: 500, message: 'Invalid configuration' },
    // The admin API and its CLI (emulator controls).
    'admin.unreachable': { xmlErrorNo: 'XL03000009', restStatus: 503, message: 'No ledgerq server answered' },
    'admin.failed': { xmlErrorNo: 'XL03000009', restStatus: 500, message: 'The admin request failed' },
    // Emulator state (meter, journal, snapshots, reset): a company or snapshot that does not exist, a name already taken,
    // a bad admin request.
    'admin.unknown-company': { xmlErrorNo: 'XL03000009', restStatus: 404, message: 'Unknown company' },
    'admin.unknown-snapshot': { xmlErrorNo: 'XL03000009', restStatus: 404, message: 'Unknown snapshot' },
    'admin.duplicate-snapshot': {
      xmlErrorNo: 'XL03000009',
      restStatus: 409,
      message: 'A snapshot of that name exists',
    },
    'admin.invalid-request': { xmlErrorNo: 'XL03000009', restStatus: 400, message: 'Invalid admin request' },
    'admin.not-resettable': { xmlErrorNo: 'XL03000009', restStatus: 422, message: 'The company cannot be reset' },
    'admin.disabled': { xmlErrorNo: 'XL03000009', restStatus: 503, message: 'The admin API is disabled' },
    'admin.unauthorized': { xmlErrorNo: 'XL03000009', restStatus: 401, message: 'Admin token required' },
  },
} as const satisfies Record<ErrorStage, Record<string, ErrorSpec>>;

type Stages = typeof ERRORS_BY_STAGE;
export type ErrorCode = { [S in ErrorStage]: keyof Stages[S] }[ErrorStage] & string;

/** The registry by code, with each code's stage. */
export const ERROR_REGISTRY = Object.fromEntries(
  ERROR_STAGES.flatMap((stage) =>
    Object.entries(ERRORS_BY_STAGE[stage] as Readonly<Record<string, ErrorSpec>>).map(([code, spec]) => [
      code,
      { ...spec, stage },
    ]),
  ),
) as Readonly<Record<ErrorCode, ErrorSpec & { readonly stage: ErrorStage }>>;

export class LedgerqError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'LedgerqError';
  }

  get spec(): ErrorSpec & { readonly stage: ErrorStage } {
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

/** Names the request field at fault (`username`, `Authorization`) on a LedgerqError that `work` raises. */
export async function withErrorField<T>(work: Promise<T>, field: string): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof LedgerqError && !(e instanceof InternalError))
      throw new LedgerqError(e.code, e.message, { ...e.details, field });
    throw e;
  }
}

export function assertNever(x: never): never {
  throw new InternalError(`unhandled case: ${JSON.stringify(x)}`);
}
