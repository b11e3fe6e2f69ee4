// The one registry of error codes: stage, XML error number and REST status for each; protocol writers render them.

export type ErrorStage = 'config' | 'store' | 'auth' | 'parse' | 'bind' | 'limit' | 'queue' | 'internal';

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
  'parse.malformed-xml': { stage: 'parse', xmlErrorNo: 'XL03000003', restStatus: 400 },
  'parse.malformed-json': { stage: 'parse', xmlErrorNo: 'XL03000003', restStatus: 400 },
  'parse.invalid-query': { stage: 'parse', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'bind.unknown-object': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 404 },
  'bind.unknown-field': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'bind.hierarchy-depth': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'bind.collection-path': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'bind.invalid-value': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'bind.value-count': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'bind.not-allowed': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'bind.unsupported-operator': { stage: 'bind', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'limit.out-of-range': { stage: 'limit', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'limit.too-many-values': { stage: 'limit', xmlErrorNo: 'BL01001973', restStatus: 400 },
  'internal': { stage: 'internal', xmlErrorNo: 'XL03000009', restStatus: 500 },
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
