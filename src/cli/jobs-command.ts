// `ledgerq jobs list|promote|cancel`: the queue administration of the seed, for the operator of this ledgerq.

import { findCompany } from '../auth/tenancy.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { LedgerqError } from '../errors.ts';
import { cancelJob } from '../jobs/cancel-job.ts';
import { findJobState } from '../jobs/find-job-state.ts';
import { promoteJob } from '../jobs/promote-job.ts';
import type { Database } from '../store/database.ts';
import { runQueryCommand } from './query-command.ts';

/** seed queue-administration's legacy listing (readByQuery) with the fields it documents; `state` is a code (Q, T, S, D, R, C) as in its filters. */
export async function listJobs(db: Database, catalog: Catalog, company: string, state: string | undefined, limit: number, write: (s: string) => void): Promise<void> {
  if (state !== undefined && !/^[QTSDRC]$/.test(state)) throw new LedgerqError('parse.invalid-query', `--state takes Q, T, S, D, R or C, not ${JSON.stringify(state)}`);
  const where = state ? `STATE = '${state}'` : '';
  const query = `<readByQuery><object>JOBQUEUERECORD</object><fields>JOBID,JOBTYPE,STATE,TIMEQUEUED,TIMESTARTED,WAITINQUEUE,ACTIVETIME,USERS,ACTION,DETAILS</fields><query>${where}</query><pagesize>${limit}</pagesize></readByQuery>`;
  await runQueryCommand(db, catalog, query, { company, format: 'table' }, write);
}

/**
 * Unlike the gateway, the command does not ask for the Premium service level:
 * whoever runs it administers this ledgerq, not one company's subscription.
 */
export async function changeJobs(db: Database, action: 'promote' | 'cancel', companyId: string, jobIds: readonly string[], write: (s: string) => void): Promise<void> {
  const company = await findCompany(db, companyId);
  if (!company) throw new LedgerqError('auth.unknown-company', `no company ${companyId}`);
  for (const id of jobIds) {
    const ok = action === 'promote'
      ? await promoteJob(db, company.pk, id)
      : (await cancelJob(db, company.pk, id, Date.now())) !== 'not-cancellable';
    const state = await findJobState(db, company.pk, id);
    write(ok ? `${id}: ${action === 'promote' ? 'promoted to the head of the queue' : state === 'In Progress' ? 'stop requested' : 'cancelled'}\n`
      : `${id}: ${state === null ? 'no such job' : `not ${action === 'promote' ? 'promoted' : 'cancelled'}: it is ${state}`}\n`);
    if (!ok) process.exitCode = 1;
  }
}
