// Answers one gateway request: parse, check the sender and sign-in, run each function, and write the response with
// errors at the right level.

import type { Catalog } from '../../catalog/catalog.ts';
import { SESSION_TIMEOUT_SECONDS, slideSession } from '../../auth/sessions.ts';
import { LedgerqError } from '../../errors.ts';
import type { Database } from '../../store/database.ts';
import {
  checkControl,
  echoOf,
  readControl,
  readOperation,
  type ControlEcho,
  type GatewayFunction,
  type GatewayRequest,
} from './envelope.ts';
import { asLedgerqError, errorMessageXml, injectedErrorMessageXml } from './error-xml.ts';
import { ownerOf, type FunctionContext, type FunctionOutcome } from './function-context.ts';
import { runGatewayFunction } from './gateway-functions.ts';
import { checkSender, checkSenderCompany, companyOf, signIn, type Caller } from './sign-in.ts';
import { parseXml } from './xml-tree.ts';
import { acknowledgementXml, queueOfflineRequest } from './offline-request.ts';
import { claimControlId } from '../../writes/claim-control-id.ts';
import { el, emptyEl, escapeText, textEl, XML_DECLARATION } from './xml-writer.ts';
import type { RequestLimits } from '../../emulator/limit-settings.ts';
import { gatewayTransactions } from './gateway-transactions.ts';

export interface GatewayDeps {
  readonly db: Database;
  readonly catalog: Catalog;
  /** Receives bugs (InternalError) in full; clients only see a generic error. */
  readonly logError: (err: unknown) => void;
  /** The emulator's limits and faults, asked once the caller is signed in; absent, Intacct's default limits apply. */
  readonly gate?: GatewayGate;
}

/** What the edge decides about a signed-in request: its entity, rate and concurrency limits and the fault rules. */
export type GatewayGate = (request: {
  readonly caller: Caller;
  readonly senderId: string;
  readonly functions: readonly GatewayFunction[];
  readonly offline: boolean;
}) => Promise<GateVerdict>;

export type GateVerdict =
  /** Run the request under these limits. */
  | { readonly kind: 'pass'; readonly limits: RequestLimits }
  /**
   * Answer an Intacct error where Intacct answers that kind: a reduced control (gateway errors), the control, the
   * authentication or each function's result. A fault rule's error gives its own number and text.
   */
  | {
      readonly kind: 'refuse';
      readonly level: 'gateway' | 'control' | 'authentication' | 'result';
      readonly error: LedgerqError | { readonly errorNo: string; readonly description: string };
      readonly status: number;
    }
  /** Answer this HTTP response instead (an injected 5xx, say). */
  | { readonly kind: 'answer'; readonly status: number; readonly contentType: string; readonly body: string }
  /** The connection was taken over (dropped): nothing is sent. */
  | { readonly kind: 'taken' };

export interface GatewayInput {
  /** The request body, or null when it was over the size limit (and discarded unread). */
  readonly body: string | null;
  readonly bodyLimit: number;
  /** This gateway's URL as the client reached it. */
  readonly endpoint: string;
  /** The client's IP address (sign-in throttling counts failures per name and address); `queue` for offline jobs. */
  readonly clientAddress: string;
}

export interface GatewayAnswer {
  readonly contentType: string;
  readonly body: string;
  /** The signed-in caller's company id, when sign-in succeeded (for the emulator's journal, meter and limits). */
  readonly companyId?: string;
  /** API transactions of the functions that ran, by `xml:<function>`: the caller meters them. */
  readonly transactions?: ReadonlyMap<string, number>;
  /** HTTP status when not 200 (an emulated rate limit or an injected fault). */
  readonly status?: number;
  /** The emulator took the connection over: send nothing. */
  readonly taken?: boolean;
}

const XML_TYPE = 'text/xml; charset=UTF-8';

function controlXml(status: 'success' | 'failure', echo: ControlEcho | null): string {
  // A request refused before its control block was read gets the reduced control of intacct-responses fact 3.
  if (!echo) return el('control', textEl('status', status) + textEl('senderid', '') + textEl('controlid', ''));
  return el(
    'control',
    textEl('status', status) +
      textEl('senderid', echo.senderId) +
      textEl('controlid', echo.controlId) +
      textEl('uniqueid', echo.uniqueId) +
      textEl('dtdversion', echo.dtdVersion),
  );
}

function xmlAnswer(inner: string): GatewayAnswer {
  return { contentType: XML_TYPE, body: `${XML_DECLARATION}\n${el('response', inner)}` };
}

function controlFailure(err: LedgerqError, echo: ControlEcho | null): GatewayAnswer {
  return xmlAnswer(controlXml('failure', echo) + errorMessageXml([err]));
}

/** Timestamps as Intacct writes them: ISO 8601 with a numeric offset (2022-02-07T20:21:01+00:00). */
function isoOffset(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

function nowInstant(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

interface FunctionResult {
  readonly fn: GatewayFunction;
  readonly status: 'success' | 'failure' | 'aborted';
  readonly outcome: FunctionOutcome | null;
  readonly errors: readonly LedgerqError[];
}

function resultXml(r: FunctionResult): string {
  const head = textEl('status', r.status) + textEl('function', r.fn.name) + textEl('controlid', r.fn.controlId);
  // A failed create keeps an empty <data listtype="objects" count="0"/> before its errors (intacct-responses fact 14).
  const emptyWrite =
    r.fn.name === 'create' || r.fn.name.startsWith('create_')
      ? emptyEl('data', [
          ['listtype', 'objects'],
          ['count', 0],
        ])
      : '';
  if (r.status !== 'success' || !r.outcome) return el('result', head + emptyWrite + errorMessageXml(r.errors));
  // A bare (json/csv) answer inside a batch travels as the text of <data>.
  const data = r.outcome.kind === 'data' ? r.outcome.data : el('data', escapeText(r.outcome.body));
  return el('result', head + data);
}

const rolledBack = () =>
  new LedgerqError(
    'store.rolled-back',
    'The entire transaction in this operation has been rolled back due to an error.',
  );

class RollBack extends Error {}

async function runFunctions(
  deps: GatewayDeps,
  request: GatewayRequest,
  caller: Caller,
  endpoint: string,
  limits: RequestLimits | undefined,
): Promise<FunctionResult[]> {
  const base = (db: Database): FunctionContext => ({
    db,
    catalog: deps.catalog,
    caller,
    owner: ownerOf(caller),
    endpoint,
    now: nowInstant(),
    limits,
    sessionId: request.authentication.kind === 'session' ? request.authentication.sessionId : null,
    functionCount: request.functions.length,
  });
  const runOne = async (ctx: FunctionContext, fn: GatewayFunction): Promise<FunctionResult> => {
    try {
      return { fn, status: 'success', outcome: await runGatewayFunction(ctx, fn), errors: [] };
    } catch (e) {
      const err = asLedgerqError(e);
      if (err.code === 'internal') deps.logError(e);
      return { fn, status: 'failure', outcome: null, errors: [err] };
    }
  };
  if (!request.transaction) {
    // Without a transaction each function stands alone: one failing leaves the others' results (intacct-responses fact
    // 12).
    const results: FunctionResult[] = [];
    for (const fn of request.functions) results.push(await runOne(base(deps.db), fn));
    return results;
  }
  // transaction="true": the first failure rolls everything back; it reports its error then XL03000009, every other
  // function is aborted (fact 13).
  let results: FunctionResult[] = [];
  try {
    await deps.db.transaction(async (tx) => {
      for (const fn of request.functions) {
        const r = await runOne(base(tx), fn);
        results.push(r);
        if (r.status === 'failure') throw new RollBack();
      }
    });
  } catch (e) {
    if (!(e instanceof RollBack)) throw e;
    const failed = results[results.length - 1]!;
    results = request.functions.map(
      (fn): FunctionResult =>
        fn === failed.fn
          ? { ...failed, errors: [...failed.errors, rolledBack()] }
          : { fn, status: 'aborted', outcome: null, errors: [rolledBack()] },
    );
  }
  return results;
}

export async function answerGatewayRequest(deps: GatewayDeps, input: GatewayInput): Promise<GatewayAnswer> {
  if (input.body === null) {
    return controlFailure(
      new LedgerqError(
        'limit.body-too-large',
        `The request is larger than the gateway's limit of ${input.bodyLimit} bytes`,
      ),
      null,
    );
  }
  let echo: ControlEcho | null = null;
  let request: GatewayRequest;
  try {
    const root = parseXml(input.body);
    const control = readControl(root);
    echo = echoOf(control);
    checkControl(control);
    request = readOperation(root, control);
    await checkSender(deps.db, control.senderId, control.password, input.clientAddress);
    if (control.uniqueId === 'true') await claimControlId(deps.db, control.senderId, control.controlId, nowInstant());
  } catch (e) {
    const err = asLedgerqError(e);
    if (err.code === 'internal') deps.logError(e);
    return controlFailure(err, echo);
  }

  const auth = request.authentication;
  const authUser = auth.kind === 'login' ? auth.userId : '';
  const authCompany = auth.kind === 'login' ? auth.companyId : '';
  let caller: Caller;
  try {
    const { company, session, sessionUser, senderAuthorized } = await companyOf(
      deps.db,
      auth,
      request.control.senderId,
    );
    // A sender not authorized for the company is told at the authentication level, before the user is checked (a
    // public client's fixture of Intacct's answer: control success, authentication failure).
    if (company) await checkSenderCompany(deps.db, request.control.senderId, company, senderAuthorized);
    caller = await signIn(deps.db, auth, company, session, input.clientAddress, sessionUser);
  } catch (e) {
    const err = asLedgerqError(e);
    if (err.code === 'internal') deps.logError(e);
    // An offline request's answer carries no <operation> (protocol §6), so its sign-in failure is told at the control
    // level.
    if (request.control.policyId) return controlFailure(err, echo);
    // Authentication failures keep userid and companyid (the SDK requires them) and put errormessage beside, not inside
    // (fact 10).
    const authXml = el(
      'authentication',
      textEl('status', 'failure') +
        textEl('userid', authUser) +
        textEl('companyid', authCompany) +
        textEl('locationid', ''),
    );
    return xmlAnswer(controlXml('success', echo) + el('operation', authXml + errorMessageXml([err])));
  }

  const verdict = deps.gate
    ? await deps.gate({
        caller,
        senderId: request.control.senderId,
        functions: request.functions,
        offline: request.control.policyId !== '',
      })
    : null;
  if (verdict && verdict.kind !== 'pass') return gatedAnswer(verdict, echo, request, caller);
  const limits = verdict?.limits;
  // The session just used slides to the company's own timeout (emulator limits) or Intacct's hour; the write is skipped
  // while the stored deadline still covers it.
  if (caller.session) {
    caller = {
      ...caller,
      session: await slideSession(deps.db, caller.session, limits?.sessionTimeoutSeconds ?? SESSION_TIMEOUT_SECONDS),
    };
  }

  if (request.control.policyId) {
    // Offline: checked like an online request up to here, then queued and acknowledged; a worker runs it later.
    try {
      await queueOfflineRequest(deps.db, request, caller, input.body, input.endpoint, limits?.asyncRequestChars);
    } catch (e) {
      const err = asLedgerqError(e);
      if (err.code === 'internal') deps.logError(e);
      return controlFailure(err, echo);
    }
    return xmlAnswer(acknowledgementXml(controlXml('success', echo)));
  }

  let results: FunctionResult[];
  try {
    results = await runFunctions(deps, request, caller, input.endpoint, limits);
  } catch (e) {
    deps.logError(e);
    return controlFailure(asLedgerqError(e), echo);
  }
  const transactions = gatewayTransactions(results);
  const only = results.length === 1 ? results[0]! : null;
  if (only?.status === 'success' && only.outcome?.kind === 'bare') {
    // seed: "CSV and JSON responses do not include any surrounding XML elements".
    return {
      contentType: only.outcome.contentType,
      body: only.outcome.body,
      companyId: caller.company.companyId,
      transactions,
    };
  }
  const now = Date.now();
  const timestamp = caller.session ? caller.session.lastUsedAt : now;
  const timeout = caller.session ? caller.session.expiresAt : now + SESSION_TIMEOUT_SECONDS * 1000;
  const authXml = el(
    'authentication',
    textEl('status', 'success') +
      textEl('userid', caller.userId) +
      textEl('companyid', caller.company.companyId) +
      textEl('locationid', caller.entityId ?? '') +
      textEl('sessiontimestamp', isoOffset(timestamp)) +
      textEl('sessiontimeout', isoOffset(timeout)),
  );
  return {
    ...xmlAnswer(controlXml('success', echo) + el('operation', authXml + results.map(resultXml).join(''))),
    companyId: caller.company.companyId,
    transactions,
  };
}

/** An emulator refusal or injected answer, at the level Intacct answers that kind of failure. */
function gatedAnswer(
  v: Exclude<GateVerdict, { kind: 'pass' }>,
  echo: ControlEcho | null,
  request: GatewayRequest,
  caller: Caller,
): GatewayAnswer {
  const companyId = caller.company.companyId;
  switch (v.kind) {
    case 'taken':
      return { contentType: XML_TYPE, body: '', companyId, taken: true };
    case 'answer':
      return { contentType: v.contentType, body: v.body, companyId, status: v.status };
    case 'refuse':
      break;
  }
  const errorMessage =
    v.error instanceof LedgerqError
      ? errorMessageXml([v.error])
      : injectedErrorMessageXml(v.error.errorNo, v.error.description);
  let inner: string;
  switch (v.level) {
    // Intacct's gateway errors (GW-0010) carry a control with the status alone.
    case 'gateway':
      inner = el('control', textEl('status', 'failure')) + errorMessage;
      break;
    case 'control':
      inner = controlXml('failure', echo) + errorMessage;
      break;
    case 'authentication':
      inner =
        controlXml('success', echo) +
        el(
          'operation',
          el(
            'authentication',
            textEl('status', 'failure') +
              textEl('userid', caller.userId) +
              textEl('companyid', companyId) +
              textEl('locationid', ''),
          ) + errorMessage,
        );
      break;
    case 'result': {
      const now = Date.now();
      const authXml = el(
        'authentication',
        textEl('status', 'success') +
          textEl('userid', caller.userId) +
          textEl('companyid', companyId) +
          textEl('locationid', caller.entityId ?? '') +
          textEl('sessiontimestamp', isoOffset(caller.session ? caller.session.lastUsedAt : now)) +
          textEl(
            'sessiontimeout',
            isoOffset(caller.session ? caller.session.expiresAt : now + SESSION_TIMEOUT_SECONDS * 1000),
          ),
      );
      const results = request.functions.map((fn) =>
        el(
          'result',
          textEl('status', 'failure') + textEl('function', fn.name) + textEl('controlid', fn.controlId) + errorMessage,
        ),
      );
      inner = controlXml('success', echo) + el('operation', authXml + results.join(''));
      break;
    }
  }
  return { ...xmlAnswer(inner), companyId, status: v.status };
}
