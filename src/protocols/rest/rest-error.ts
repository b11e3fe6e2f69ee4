// Renders any failure as the REST API's error body: ia::result holding ia::error (code, message, errorId, details) and
// ia::meta counts.

import { InternalError, LedgerqError } from '../../errors.ts';

/** Intacct's REST error codes by HTTP status; `errorId` carries ledgerq's own registry code. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalidRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  405: 'methodNotAllowed',
  413: 'payloadTooLarge',
  422: 'unprocessableEntity',
  429: 'tooManyRequests',
  500: 'internalError',
  503: 'serviceUnavailable',
};

export interface RestErrorDetail {
  readonly code: string;
  readonly message: string;
  /** The offending field, filter parameter or request property, as the client wrote it. */
  readonly target?: string;
  /** 1-based index into `filters` when one filter is at fault. */
  readonly filter?: number;
  /** Closest valid names, for an unknown field. */
  readonly suggestions?: readonly string[];
}

export interface RestError {
  readonly 'ia::error': {
    readonly code: string;
    readonly message: string;
    readonly errorId: string;
    readonly details: readonly RestErrorDetail[];
  };
}

export interface RenderedRestError {
  readonly status: number;
  /** The error itself, as one element of a batch or inside the top-level body. */
  readonly error: RestError;
  /** The whole response body of a failed single request. */
  readonly body: {
    readonly 'ia::result': RestError;
    readonly 'ia::meta': { readonly totalCount: 1; readonly totalSuccess: 0; readonly totalError: 1 };
  };
}

/** Fastify's own request errors (body parsing, size), by their code, as ledgerq errors. */
function fromFramework(e: Error & { code?: string; statusCode?: number }): LedgerqError | null {
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new LedgerqError('parse.malformed-json', `the request body is not valid JSON: ${e.message}`, {
        field: 'body',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new LedgerqError(
        'limit.body-too-large',
        `the request body is larger than the server's limit: ${e.message}`,
        { field: 'body' },
      );
    default:
      if (e instanceof SyntaxError)
        return new LedgerqError('parse.malformed-json', `the request body is not valid JSON: ${e.message}`, {
          field: 'body',
        });
      return null;
  }
}

export function renderRestError(e: unknown): RenderedRestError {
  const err = e as Error & { code?: string; statusCode?: number };
  let status: number;
  let code: string;
  let message: string;
  let details: Record<string, unknown> = {};
  const known = err instanceof LedgerqError && !(err instanceof InternalError) ? err : fromFramework(err);
  if (known) {
    status = known.spec.restStatus;
    code = known.code;
    message = known.message;
    details = { ...known.details };
  } else if (err && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    // Other framework refusals (body too large, unsupported method): their own status, never a 500.
    status = err.statusCode;
    code = 'parse.invalid-query';
    message = err.message;
  } else {
    // A bug: the client sees a generic failure; the handler logs the original in full.
    status = 500;
    code = 'internal';
    message = 'internal error; the server log has the details';
  }
  const detail: RestErrorDetail = {
    code,
    message,
    ...(typeof details.field === 'string'
      ? { target: details.field }
      : typeof details.object === 'string'
        ? { target: details.object }
        : {}),
    ...(typeof details.filter === 'number' ? { filter: details.filter } : {}),
    ...(Array.isArray(details.suggestions) ? { suggestions: details.suggestions as string[] } : {}),
  };
  const error: RestError = {
    'ia::error': { code: CODE_BY_STATUS[status] ?? 'invalidRequest', message, errorId: code, details: [detail] },
  };
  return {
    status,
    error,
    body: { 'ia::result': error, 'ia::meta': { totalCount: 1, totalSuccess: 0, totalError: 1 } },
  };
}

/**
 * An error a fault rule injects, in the REST service's own error body with the injected number as its errorId: an
 * authentication-level rule answers as a refused token, GW-0010 as the rate limit, anything else as a bad request.
 */
export function renderInjectedRestError(injected: {
  readonly errorNo: string;
  readonly description: string;
  readonly level: string;
}): RenderedRestError {
  const code =
    injected.level === 'authentication'
      ? 'auth.invalid-token'
      : injected.errorNo.toUpperCase() === 'GW-0010'
        ? 'limit.rate'
        : 'parse.invalid-query';
  const r = renderRestError(new LedgerqError(code, injected.description, { retryAfter: 1 }));
  const e = r.error['ia::error'];
  const error: RestError = {
    'ia::error': {
      ...e,
      errorId: injected.errorNo,
      details: e.details.map((d) => ({ ...d, code: injected.errorNo })),
    },
  };
  return { status: r.status, error, body: { ...r.body, 'ia::result': error } };
}
