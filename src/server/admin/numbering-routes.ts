// Admin routes of a company's ID auto-numbering (Intacct's document sequence per object, a company setting): which
// objects number their IDs, in what format, and turning it on or off (writes/id-sequences.ts).

import type { FastifyInstance } from 'fastify';
import type { Company } from '../../auth/tenancy.ts';
import type { CatalogObject } from '../../catalog/types.ts';
import { LedgerqError } from '../../errors.ts';
import {
  bindSequence,
  formatSequenced,
  idSequences,
  setIdSequence,
  type IdSequenceFormat,
} from '../../writes/id-sequences.ts';
import { findField, storedColumn } from '../../catalog/catalog.ts';
import { ident, p, sql } from '../../store/sql.ts';
import type { AdminContext } from './admin-context.ts';
import { companyNamed } from './limits-routes.ts';

interface SequenceBody {
  /** An existing SEQUENCE record's ID (REST company-config/document-sequence `id`): numbers the object from it. */
  readonly id?: unknown;
  readonly prefix?: unknown;
  readonly digits?: unknown;
  readonly suffix?: unknown;
}

export interface NumberingBody {
  readonly company?: string;
  /** The object whose IDs are numbered: VENDOR, CUSTOMER … (any catalog object with an ID field). */
  readonly object?: string;
  /** The format, or `{ id }` of an existing document sequence; `false` turns numbering off (the ID is required again). */
  readonly sequence?: SequenceBody | false;
}

const invalid = (message: string, field: string) => new LedgerqError('admin.invalid-request', message, { field });

function text(v: unknown, field: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'string' || v.length > 20 || /[\s\u0000-\u001f]/.test(v))
    throw invalid(`${field} is text of at most 20 characters without spaces`, field);
  return v;
}

function formatOf(body: SequenceBody): IdSequenceFormat {
  const digits = body.digits ?? 0;
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 0 || digits > 15)
    throw invalid('digits is a whole number from 0 (no padding) to 15', 'digits');
  return { prefix: text(body.prefix, 'prefix'), digits, suffix: text(body.suffix, 'suffix') };
}

export function registerNumberingRoutes(scope: FastifyInstance, ctx: AdminContext): void {
  const { db, catalog } = ctx;
  const show = async (company: Company) => ({
    company: company.companyId,
    sequences: (await idSequences({ db, companyKey: company.key, catalog })).map((s) => ({
      ...s,
      next: formatSequenced(s, s.lastNumber + 1),
    })),
  });
  const numbered = (name: unknown): CatalogObject => {
    const o = typeof name === 'string' ? catalog.object(name.trim()) : undefined;
    if (!o) throw invalid(`object ${JSON.stringify(name)} is not a catalog object`, 'object');
    if (!o.idField || o.readOnlyObject) throw invalid(`${o.xmlName} has no ID field a create fills`, 'object');
    return o;
  };

  /** The record number of the company's SEQUENCE record whose ID is `id`. */
  const sequenceNamed = async (companyKey: number, id: unknown): Promise<number> => {
    const seq = catalog.require('SEQUENCE');
    const rows =
      typeof id === 'string'
        ? await db.all<{ k: unknown }>(sql`SELECT ${ident(storedColumn(seq, 'RECORDNO'))} AS k FROM ${ident(seq.table)}
            WHERE company_key = ${p(companyKey)} AND ${ident(findField(seq, 'TITLE')!.column!)} = ${p(id)}`)
        : [];
    if (!rows[0]) throw invalid(`no document sequence with id ${JSON.stringify(id)}`, 'sequence.id');
    return Number(rows[0].k);
  };

  scope.get('/numbering', async (req) => show(await companyNamed(db, (req.query as Record<string, unknown>).company)));

  scope.put('/numbering', async (req) => {
    const body = (req.body ?? {}) as NumberingBody;
    const company = await companyNamed(db, body.company);
    const o = numbered(body.object);
    const sequence = body.sequence;
    if (sequence !== false && (typeof sequence !== 'object' || sequence === null || Array.isArray(sequence)))
      throw invalid(
        'sequence is {prefix, digits, suffix}, {id} of a document sequence, or false to turn numbering off',
        'sequence',
      );
    const scope = { db, companyKey: company.key, catalog };
    if (sequence !== false && sequence.id !== undefined)
      await bindSequence(scope, o, await sequenceNamed(scope.companyKey, sequence.id));
    else await setIdSequence(scope, o, sequence === false ? null : formatOf(sequence));
    return show(company);
  });
}
