// Renders errors as the gateway's <errormessage>: errorno first (the SDK takes the first word as the number), then
// description, description2, correction.

import { InternalError, LedgerqError } from '../../errors.ts';
import { el, textEl, XML_DECLARATION } from './xml-writer.ts';

/**
 * Messages name elements as `<object>`; the SDK strips anything tag-shaped from
 * error text (protocol §4.2), which would leave "needs an". Element names are
 * written bare instead.
 */
function withoutTags(message: string): string {
  return message.replace(/<\/?([A-Za-z_][\w.:-]*)[^<>]*?\/?>/g, '$1');
}

export function errorXml(err: LedgerqError): string {
  // Intacct writes the message in description2 and leaves description (and mostly correction) empty (fact 15), but for
  // the few errors whose samples show a description.
  const correction = err.spec.correction ?? '';
  // An InternalError's message may name internals: the wire gets the generic text, the log the full error.
  const detail =
    err instanceof InternalError || err.code === 'internal'
      ? 'An internal error occurred while processing the request.'
      : withoutTags(err.message);
  return el(
    'error',
    textEl('errorno', err.spec.xmlErrorNo) +
      textEl('description', err.spec.description ?? '') +
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

/** An error a fault rule injects: Intacct's number and text as the rule gives them, the text where Intacct puts it. */
export function injectedErrorMessageXml(errorNo: string, description: string): string {
  return el(
    'errormessage',
    el(
      'error',
      textEl('errorno', errorNo) +
        textEl('description', '') +
        textEl('description2', description) +
        textEl('correction', ''),
    ),
  );
}

/**
 * The whole answer to a request the gateway could not process at all (a failure of the HTTP layer itself): still an
 * Intacct XML answer, with the reduced control of a request refused before its control block was read.
 */
export function gatewayFailureXml(err: unknown): string {
  return `${XML_DECLARATION}\n${el(
    'response',
    el('control', textEl('status', 'failure') + textEl('senderid', '') + textEl('controlid', '')) +
      errorMessageXml([asLedgerqError(err)]),
  )}`;
}
