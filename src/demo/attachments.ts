// Demo attachments and attachment folders: a folder tree per company, an attachment for every SUPDOCID the demo's
// documents name (so each one names a real attachment), a few standalone ones, and their files. Deterministic from
// the rows already generated: no PRNG draw, so adding attachments changes no other object's rows.

import { ATTACHMENT_TABLES } from '../writes/attachments.ts';
import type { Database } from '../store/database.ts';
import { dayOf, isoDateTime } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';

/** Folder name → parent, in creation order (parents first). */
const FOLDERS: readonly (readonly [string, string | null, string])[] = [
  ['Supporting Documents', null, 'Every attachment the demo documents name'],
  ['Bills', 'Supporting Documents', 'Vendor invoices scanned for AP bills'],
  ['Invoices', 'Supporting Documents', 'Signed delivery notes for AR invoices'],
  ['Journal Entries', 'Supporting Documents', 'Working papers behind journal entries'],
  ['Card Receipts', 'Supporting Documents', 'Receipts for charge card transactions'],
  ['Expense Receipts', 'Supporting Documents', 'Receipts behind employee expense reports'],
  ['Tax Forms', null, 'W-9 and other tax forms'],
];

/** The folder an object's attachments go to. */
const FOLDER_OF: Readonly<Record<string, string>> = {
  APBILL: 'Bills',
  ARINVOICE: 'Invoices',
  GLBATCH: 'Journal Entries',
  CCTRANSACTION: 'Card Receipts',
  EEXPENSES: 'Expense Receipts',
};

const LABEL: Readonly<Record<string, string>> = {
  APBILL: 'bill',
  ARINVOICE: 'invoice',
  GLBATCH: 'journal entry',
  CCTRANSACTION: 'card transaction',
  EEXPENSES: 'expense report',
};

const FIRST_DAY = dayOf('2025-01-06');

function audit(ctx: DemoContext, i: number) {
  const at = isoDateTime(FIRST_DAY + (i % 300), 9 * 3600 + 61 * (i % 500));
  const user = ctx.auditUsers[0]!;
  return { WHENCREATED: at, WHENMODIFIED: at, CREATEDBY: user, MODIFIEDBY: user };
}

/** Adds SUPDOCFOLDER and SUPDOC rows; call after every generator that sets SUPDOCID. */
export function addAttachments(ctx: DemoContext): void {
  FOLDERS.forEach(([name, parent, description], i) => {
    ctx.add('SUPDOCFOLDER', {
      RECORDNO: ctx.nextKey('SUPDOCFOLDER'),
      NAME: name,
      DESCRIPTION: description,
      PARENTFOLDER: parent,
      STATUS: 'active',
      ...audit(ctx, i),
    });
  });
  const seen = new Set<string>();
  const add = (id: string, name: string, folder: string, description: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    ctx.add('SUPDOC', {
      RECORDNO: ctx.nextKey('SUPDOC'),
      SUPDOCID: id,
      SUPDOCNAME: name,
      SUPDOCFOLDERNAME: folder,
      DESCRIPTION: description,
      ...audit(ctx, seen.size),
    });
  };
  add('W9-FORMS', 'Vendor W-9 forms', 'Tax Forms', 'W-9 forms received from vendors');
  add('ONBOARDING', 'Onboarding checklist', 'Supporting Documents', 'Company onboarding checklist');
  for (const xmlName of Object.keys(FOLDER_OF)) {
    for (const row of ctx.rows(xmlName)) {
      const id = row.SUPDOCID;
      if (typeof id !== 'string' || id === '') continue;
      add(id, `Scan ${id}`, FOLDER_OF[xmlName]!, `Supporting document for ${LABEL[xmlName]} ${String(row.RECORDNO)}`);
    }
  }
}

/** One or two small files per attachment, their content derived from its ID (text and CSV, base64 as Intacct keeps it). */
function filesOf(supdocId: string, i: number): [string, string, string][] {
  const note = Buffer.from(`Supporting document ${supdocId}\r\nScanned copy, page 1 of 1\r\n`, 'utf8').toString(
    'base64',
  );
  const files: [string, string, string][] = [[`${supdocId} scan`, 'txt', note]];
  if (i % 3 === 0) {
    const csv = Buffer.from(`line,amount\n1,${(i * 37) % 1000}.00\n`, 'utf8').toString('base64');
    files.push([`${supdocId} detail`, 'csv', csv]);
  }
  return files;
}

/** Writes the files of the company's demo attachments (lq_supdoc_file). */
export async function writeAttachmentFiles(db: Database, ctx: DemoContext): Promise<void> {
  const rows: (string | number)[][] = [];
  ctx.rows('SUPDOC').forEach((s, i) => {
    filesOf(String(s.SUPDOCID), i).forEach(([name, type, data], n) => {
      rows.push([ctx.scope.key, Number(s.RECORDNO), n + 1, name, type, data]);
    });
  });
  if (rows.length === 0) return;
  await db.copyRows(
    'lq_supdoc_file',
    ATTACHMENT_TABLES[0]!.columns.map((c) => c.name),
    rows,
  );
}
