// The double-post guard: a request sent with uniqueid=true claims its control id once, atomically, before any function
// runs.

import { LedgerqError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';

/**
 * INSERT … ON CONFLICT DO NOTHING reports 0 changed rows to the loser of a race
 * on both databases, so two copies of one request sent at once cannot both run.
 * Ids are kept per sender, as the sender is what the control block names.
 */
export async function claimControlId(db: Database, senderId: string, controlId: string, now: string): Promise<void> {
  const changed = await db.run(sql`INSERT INTO lq_used_control_id (sender_id, control_id, used_at)
    VALUES (${p(senderId)}, ${p(controlId)}, ${p(now)}) ON CONFLICT (sender_id, control_id) DO NOTHING`);
  if (changed === 0) {
    throw new LedgerqError(
      'write.duplicate-control-id',
      `The control ID ${controlId} has already been used in a request with uniqueid set to true`,
      { controlId },
    );
  }
}
