// What the processes of `ledgerq serve --processes N` tell each other over the cluster's IPC channel: a worker's
// start, the rate limit counted in the primary, write-behind buffers flushed on request, and the stop.

/** A worker to its primary. `id` numbers a question; the answer carries it back as `re`. */
export type ToPrimary =
  | { readonly type: 'lq.listening'; readonly url: string }
  | { readonly type: 'lq.failed'; readonly message: string }
  | { readonly type: 'lq.rate'; readonly id: number; readonly caller: string }
  | { readonly type: 'lq.flush'; readonly id: number }
  | { readonly type: 'lq.answer'; readonly re: number };

/** The primary to a worker. */
export type ToWorker =
  | { readonly type: 'lq.answer'; readonly re: number; readonly retryAfter?: number | null }
  | { readonly type: 'lq.flush-buffers'; readonly id: number }
  | { readonly type: 'lq.stop' };

/** What the primary passes each worker it forks (environment variable PROCESS_SETTINGS_ENV, JSON). */
export interface ProcessSettings {
  readonly adminToken: string | null;
  /** The port every worker listens on: the configured one, or the one the first worker got for port 0. */
  readonly port: number;
}

export const PROCESS_SETTINGS_ENV = 'LEDGERQ_PROCESS_SETTINGS';

/** Cluster's own messages (`cmd: 'NODE_CLUSTER'`) and anything else on the channel are not ours. */
export function isLedgerqMessage(m: unknown): m is { readonly type: `lq.${string}` } {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string'
    ? (m as { type: string }).type.startsWith('lq.')
    : false;
}
