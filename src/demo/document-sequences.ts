// The demo companies' document sequences (the demo contract: vendors and customers are numbered): one SEQUENCE record
// per numbered object, its NEXTNUMBER after the highest seeded ID of its format, bound to the object once written.

import type { Catalog } from '../catalog/catalog.ts';
import type { Database } from '../store/database.ts';
import { bindSequence, highestNumber, sequenceFields } from '../writes/id-sequences.ts';
import { dayOf } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';

/** Adds a SEQUENCE row per object of the plan's `idSequences`; call after the objects' own rows. */
export function addDocumentSequences(ctx: DemoContext, catalog: Catalog): void {
  const rng = ctx.rng.fork('document-sequences');
  for (const [xmlName, format] of Object.entries(ctx.plan.idSequences)) {
    const o = catalog.require(xmlName);
    const held = ctx.rows(xmlName).map((r) => String(r[o.idField!] ?? ''));
    ctx.add('SEQUENCE', {
      RECORDNO: ctx.nextKey('SEQUENCE'),
      ...sequenceFields(o, format, highestNumber(format, held) + 1),
      ...ctx.audit(rng, dayOf('2025-01-02'), 30),
    });
  }
}

/** Numbers each object's IDs from the SEQUENCE row titled after it (written by addDocumentSequences). */
export async function bindDocumentSequences(db: Database, catalog: Catalog, ctx: DemoContext): Promise<void> {
  for (const row of ctx.rows('SEQUENCE'))
    await bindSequence(
      { db, companyKey: ctx.scope.key, catalog },
      catalog.require(String(row.TITLE)),
      Number(row.RECORDNO),
    );
}
