// Renders errors as the gateway's <errormessage>: errorno first (the SDK takes the first word as the number), then
// description, description2, correction.

import { InternalError, LedgerqError, type ErrorCode } from '../../errors.ts';
import { el, textEl } from './xml-writer.ts';

/** The short description Intacct pairs with each kind of failure; description2 carries the specific message. */
const DESCRIPTIONS: Partial<Record<ErrorCode, readonly [description: string, correction: string]>> = {
  'auth.invalid-sender': [
    'Invalid Web Services Authorization',
    'Check the sender ID and password in the control block.',
  ],
  'auth.sender-not-authorized': [
    'Invalid Web Services Authorization',
    "Add the sender ID to the company's Web Services authorizations.",
  ],
  'auth.invalid-login': ['Sign-in information is incorrect', 'Check the company ID, user ID and password.'],
  'auth.user-locked': [
    'Sign-in information is incorrect',
    'The user is locked out; ask a company administrator to unlock it.',
  ],
  'auth.login-throttled': [
    'Sign-in information is incorrect',
    'Too many failed sign-in attempts; wait 15 minutes before trying again.',
  ],
  'auth.invalid-session': ['Invalid session', 'Request a new session with getAPISession.'],
  'auth.unknown-company': ['Sign-in information is incorrect', 'Check the company ID.'],
  'auth.unknown-entity': ['Sign-in information is incorrect', 'Check the location (entity) ID.'],
  'auth.entity-not-allowed': ['Sign-in information is incorrect', 'Sign in to the entity the user is restricted to.'],
  'parse.malformed-xml': ['XML Parse error', 'Send a well-formed XML document without a DOCTYPE.'],
  'parse.invalid-request': ['Invalid request', 'Follow the request structure of the XML gateway DTD (dtdversion 3.0).'],
  'limit.body-too-large': ['Request too large', 'Send a smaller request.'],
  'parse.unknown-function': ['Unknown function', ''],
  'parse.session-not-alone': ['Get API Session Failed', 'Send getAPISession as the only function of its request.'],
  'limit.invalid-result-id': ['readMore failed', 'Run readByQuery again to get a new resultId.'],
  'store.rolled-back': ['The entire transaction in this operation has been rolled back due to an error.', ''],
  'queue.offline-unavailable': ['Offline requests are not available', 'Send the request without a policyid.'],
  'bind.unknown-object': ['Object definition not found', ''],
  internal: ['Internal error', 'Try again; if the error persists, report it with the control ID.'],
};

/**
 * Messages name elements as `<object>`; the SDK strips anything tag-shaped from
 * error text (protocol §4.2), which would leave "needs an". Element names are
 * written bare instead.
 */
function withoutTags(message: string): string {
  return message.replace(/<\/?([A-Za-z_][\w.:-]*)[^<>]*?\/?>/g, '$1');
}

export function errorXml(err: LedgerqError): string {
  const [description, correction] = DESCRIPTIONS[err.code] ?? ['', ''];
  // An InternalError's message may name internals: the wire gets the generic text, the log the full error.
  const detail =
    err instanceof InternalError || err.code === 'internal'
      ? 'An internal error occurred while processing the request.'
      : withoutTags(err.message);
  return el(
    'error',
    textEl('errorno', err.spec.xmlErrorNo) +
      textEl('description', description) +
      textEl('description2', detail) +
      textEl('correction', correction),
  );
}

export function errorMessageXml(errors: readonly LedgerqError[]): string {
  // A write failure carries the error naming the field after its own (details.also), as Intacct lists them.
  const chained = (e: LedgerqError): LedgerqError[] => [
    e,
    ...((e.details.also as readonly LedgerqError[] | undefined) ?? []).flatMap(chained),
  ];
  return el('errormessage', errors.flatMap(chained).map(errorXml).join(''));
}

/** Anything thrown that is not a LedgerqError is a bug: it becomes an InternalError. */
export function asLedgerqError(e: unknown): LedgerqError {
  if (e instanceof LedgerqError) return e;
  return new InternalError(e instanceof Error ? e.message : String(e));
}
