// What every view of the signed-in console shares: the API clients and the one error path.

import type { Api } from './api.ts';
import type { CatalogCache } from './catalog.ts';

export interface ConsoleContext {
  readonly api: Api;
  readonly catalog: CatalogCache;
  /** Runs a user action: errors become a message in the page (an expired session goes back to sign-in). */
  run(action: () => Promise<void>, opts?: { quiet?: boolean }): Promise<void>;
  /** Shows the queue with one job's detail open (after a workbench action queued it). */
  openJob(jobId: string): void;
}

export interface View {
  readonly name: 'queue' | 'workbench' | 'objects';
  readonly element: HTMLElement;
  /** Called when the view is shown (first time included) and hidden; views poll only while shown. */
  shown(): void;
  hidden(): void;
  /** Queue only: opens a job's detail. */
  openJob?(jobId: string): void;
}
