// Reads the gateway request envelope (control, operation, authentication, functions) into a typed request, refusing
// shapes the DTD forbids.

import { LedgerqError } from '../../errors.ts';
import { child, childText, type XmlElement } from './xml-tree.ts';

export interface RequestControl {
  readonly senderId: string;
  readonly password: string;
  readonly controlId: string;
  readonly uniqueId: string;
  readonly dtdVersion: string;
  readonly policyId: string;
}

export type Authentication =
  | {
      readonly kind: 'login';
      readonly userId: string;
      readonly companyId: string;
      readonly password: string;
      readonly locationId: string | null;
    }
  | { readonly kind: 'session'; readonly sessionId: string };

/** One `<function>`: its controlid and its single child element (null when it has none or several). */
export interface GatewayFunction {
  readonly controlId: string;
  readonly name: string;
  readonly element: XmlElement | null;
}

export interface GatewayRequest {
  readonly control: RequestControl;
  readonly transaction: boolean;
  readonly authentication: Authentication;
  readonly functions: readonly GatewayFunction[];
}

/** What the control block echoes even when the rest of the request is refused. */
export interface ControlEcho {
  readonly senderId: string;
  readonly controlId: string;
  readonly uniqueId: string;
  readonly dtdVersion: string;
}

/** An envelope problem; `echo` is set when the control block could be read (intacct-responses fact 3). */
export class EnvelopeError extends Error {
  constructor(
    readonly error: LedgerqError,
    readonly echo: ControlEcho | null,
  ) {
    super(error.message);
  }
}

/**
 * Functions run one after another; a cap keeps one request from holding a
 * connection for minutes. Intacct documents no number; 100 is far above what
 * SDK batches send.
 */
export const MAX_FUNCTIONS = 100;

/** Intacct accepts up to 256 characters of controlid (protocol §2). */
const MAX_CONTROL_ID = 256;

function invalid(message: string): LedgerqError {
  return new LedgerqError('parse.invalid-request', message);
}

export function readControl(root: XmlElement): RequestControl {
  if (root.name !== 'request') throw invalid(`the document element is <${root.name}>; a gateway request is <request>`);
  const control = child(root, 'control');
  if (!control) throw invalid('<request> needs a <control> block');
  return {
    senderId: childText(control, 'senderid') ?? '',
    password: childText(control, 'password') ?? '',
    controlId: childText(control, 'controlid') ?? '',
    uniqueId: childText(control, 'uniqueid') ?? 'false',
    dtdVersion: childText(control, 'dtdversion') ?? '',
    policyId: childText(control, 'policyid') ?? '',
  };
}

export function echoOf(c: RequestControl): ControlEcho {
  return {
    senderId: c.senderId,
    controlId: c.controlId,
    uniqueId: c.uniqueId === 'true' ? 'true' : 'false',
    dtdVersion: c.dtdVersion || '3.0',
  };
}

/** Checks the control block's own fields; the sender's credentials are checked later, against the database. */
export function checkControl(c: RequestControl): void {
  if (!c.senderId || !c.password)
    throw new LedgerqError('auth.invalid-sender', 'The sender ID and sender password are required');
  if (!c.controlId) throw invalid('<controlid> is required');
  if (c.controlId.length > MAX_CONTROL_ID) throw invalid(`<controlid> holds at most ${MAX_CONTROL_ID} characters`);
  if (c.dtdVersion !== '3.0') throw invalid(`<dtdversion> must be 3.0, not ${JSON.stringify(c.dtdVersion)}`);
  if (c.uniqueId !== 'true' && c.uniqueId !== 'false' && c.uniqueId !== '')
    throw invalid('<uniqueid> must be true or false');
}

function readAuthentication(operation: XmlElement): Authentication {
  const auth = child(operation, 'authentication');
  if (!auth) throw invalid('<operation> needs an <authentication> block');
  const login = child(auth, 'login');
  const session = child(auth, 'sessionid');
  if (login && session) throw invalid('<authentication> holds either <login> or <sessionid>, not both');
  if (session) return { kind: 'session', sessionId: session.text.trim() };
  if (!login) throw invalid('<authentication> needs <login> or <sessionid>');
  return {
    kind: 'login',
    userId: childText(login, 'userid') ?? '',
    companyId: childText(login, 'companyid') ?? '',
    password: childText(login, 'password') ?? '',
    locationId: childText(login, 'locationid') || null,
  };
}

function readFunctions(operation: XmlElement): GatewayFunction[] {
  const content = child(operation, 'content');
  if (!content) throw invalid('<operation> needs a <content> block');
  const functions = content.children.filter((c) => c.name === 'function');
  if (functions.length === 0) throw invalid('<content> needs at least one <function>');
  if (functions.length > MAX_FUNCTIONS)
    throw invalid(`<content> holds at most ${MAX_FUNCTIONS} functions, not ${functions.length}`);
  return functions.map((f) => {
    const only = f.children.length === 1 ? f.children[0]! : null;
    return { controlId: f.attrs.controlid ?? '', name: only?.name ?? '', element: only };
  });
}

export function readOperation(root: XmlElement, control: RequestControl): GatewayRequest {
  const operation = child(root, 'operation');
  if (!operation) throw invalid('<request> needs an <operation> block');
  const transaction = operation.attrs.transaction ?? 'false';
  if (transaction !== 'true' && transaction !== 'false') throw invalid('<operation transaction> must be true or false');
  return {
    control,
    transaction: transaction === 'true',
    authentication: readAuthentication(operation),
    functions: readFunctions(operation),
  };
}
