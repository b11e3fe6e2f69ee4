// The states of AP bills and AR invoices that the writes and the demo share: which ones still owe money.

/** States of bills and invoices that count toward the vendor's or customer's TOTALDUE. */
export const OPEN_STATES: ReadonlySet<string> = new Set(['Posted', 'Partially Paid', 'Selected']);
