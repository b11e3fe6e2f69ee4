// Attachments (SUPDOC) and attachment folders (SUPDOCFOLDER) as integrations write and read them: the official SDK's
// AttachmentsCreate/Update/Delete and AttachmentsFolderCreate/Update/Delete (node_modules/@intacct/intacct-sdk
// dist/Functions/Company), fylein/fyle-intacct-api's create_supdoc payload, the reference's examples as raw XML
// (russellkt/intacct-mcp-server docs/company-console-attachments.md), the legacy get / get_list reads, REST
// company-config/attachment and company-config/folder, and SUPDOCID links from bills, invoices and card transactions.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { p, sql } from '../../src/store/sql.ts';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, type Login, type Gateway, startGateway } from '../xml/support/gateway-harness.ts';
import { PayloadFunction } from './payload-support.ts';
import {
  catalog,
  execute,
  expectWriteRefused,
  first,
  query,
  restGet,
  restMismatches,
  restToken,
  postFunction,
} from './write-harness.ts';

const CO = IA.Functions.Company;
const DEMO2: Login = { companyId: 'demo2' };
const ADMIN = 'supdoc-admin-token';

/** Every byte value, so a file that is not text comes back byte for byte. */
const BINARY = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256));

interface Supdoc {
  readonly fields: Record<string, string>;
  readonly files: { name: string; type: string; data: string }[];
}

/** The `<supdoc>`/`<supdocfolder>` records of a get or get_list answer, parsed from the raw XML. */
function records(body: string, tag: string): Supdoc[] {
  return [...body.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(([, inner]) => {
    const files = [...inner!.matchAll(/<attachment>([\s\S]*?)<\/attachment>/g)].map(([, a]) => ({
      name: /<attachmentname>([^<]*)</.exec(a!)![1]!,
      type: /<attachmenttype>([^<]*)</.exec(a!)![1]!,
      data: /<attachmentdata>([^<]*)</.exec(a!)![1]!,
    }));
    const head = inner!.replace(/<attachments>[\s\S]*<\/attachments>/, '');
    const fields = Object.fromEntries(
      [...head.matchAll(/<([a-z]+)>([^<]*)<\/\1>|<([a-z]+)\/>/g)].map((m) => [m[1] ?? m[3]!, m[2] ?? '']),
    );
    return { fields, files };
  });
}

describe.each(BACKENDS)('attachments on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  let dir: string;
  beforeAll(async () => {
    g = await startGateway(url, undefined, ADMIN);
    token = await restToken(g);
    dir = mkdtempSync(join(tmpdir(), 'lq-supdoc-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await g?.close();
    await cleanup();
  });

  const raw = (fn: string, login: Login = {}) => postFunction(g, fn, login);

  async function get(object: string, key: string, login: Login = {}): Promise<Supdoc | undefined> {
    const r = await raw(`<get object="${object}" key="${key}"/>`, login);
    expect(r.status).toBe('success');
    return records(r.body, object)[0];
  }

  function file(name: string, bytes: Buffer): InstanceType<typeof CO.AttachmentFile> {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return Object.assign(new CO.AttachmentFile(), { filePath: path });
  }

  it('the SDK classes create, update and delete folders and attachments; get, get_list, query and REST read them back', async () => {
    const folder = Object.assign(new CO.AttachmentsFolderCreate(), {
      folderName: 'SDK Folder',
      description: 'Made by the SDK',
    });
    expect((await execute(g, folder)).key).toBe('SDK Folder');
    const sub = Object.assign(new CO.AttachmentsFolderCreate(), {
      folderName: 'SDK Sub',
      parentFolderName: 'SDK Folder',
    });
    expect((await execute(g, sub)).key).toBe('SDK Sub');
    await execute(g, Object.assign(new CO.AttachmentsFolderUpdate(), { folderName: 'SDK Sub', description: 'Nested' }));
    expect((await get('supdocfolder', 'SDK Sub'))!.fields).toMatchObject({
      name: 'SDK Sub',
      description: 'Nested',
      parentfolder: 'SDK Folder',
      createdby: 'admin',
      status: 'active',
    });

    // AttachmentFile reads the file and writes it base64 (attachmentname = the file name, attachmenttype = extension).
    const create = Object.assign(new CO.AttachmentsCreate(), {
      attachmentsId: 'SDK-ATT-1',
      attachmentsName: 'Receipts',
      attachmentFolderName: 'SDK Sub',
      description: 'Two receipts',
      files: [file('receipt1.bin', BINARY)],
    });
    expect((await execute(g, create)).key).toBe('SDK-ATT-1');
    const update = Object.assign(new CO.AttachmentsUpdate(), {
      attachmentsId: 'SDK-ATT-1',
      description: 'Three receipts',
      files: [file('receipt2.txt', Buffer.from('hello ✓\n'))],
    });
    expect((await execute(g, update)).key).toBe('SDK-ATT-1');

    const doc = (await get('supdoc', 'SDK-ATT-1'))!;
    expect(doc.fields).toMatchObject({
      supdocid: 'SDK-ATT-1',
      supdocname: 'Receipts',
      folder: 'SDK Sub',
      description: 'Three receipts',
      createdby: 'admin',
    });
    expect(doc.fields.creationdate).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(doc.files.map((f) => [f.name, f.type])).toEqual([
      ['receipt1', 'bin'],
      ['receipt2', 'txt'],
    ]);
    expect(Buffer.from(doc.files[0]!.data, 'base64').equals(BINARY)).toBe(true);
    expect(Buffer.from(doc.files[1]!.data, 'base64').toString('utf8')).toBe('hello ✓\n');

    // The SDK's GetList (object only) lists every attachment of the company, this one among them.
    const list = new IA.Functions.Common.GetList.GetList();
    list.object = 'supdoc';
    const listed = await execute(g, list);
    expect((listed.data as { supdocid?: string }[]).some((d) => d.supdocid === 'SDK-ATT-1')).toBe(true);
    expect(listed.totalCount).toBe((listed.data as unknown[]).length);

    // The SUPDOC object through query and REST GET company-config/attachment/{key}.
    const [row] = await query(
      g,
      'SUPDOC',
      ['RECORDNO', 'SUPDOCID', 'SUPDOCNAME', 'SUPDOCFOLDERNAME', 'DESCRIPTION'],
      'SUPDOCID',
      'SDK-ATT-1',
    );
    expect(row).toMatchObject({ SUPDOCNAME: 'Receipts', SUPDOCFOLDERNAME: 'SDK Sub', RECORDNO: doc.fields.recordno });
    const o = catalog.require('SUPDOC');
    expect(restMismatches(o, row!, (await restGet(g, o, row!.RECORDNO!, token))!)).toEqual([]);

    // A folder holding an attachment or a folder cannot be deleted.
    await expectWriteRefused(
      execute(g, Object.assign(new CO.AttachmentsFolderDelete(), { folderName: 'SDK Folder' })),
      /used by SUPDOCFOLDER records/,
    );
    await execute(g, Object.assign(new CO.AttachmentsDelete(), { attachmentsId: 'SDK-ATT-1' }));
    expect(await get('supdoc', 'SDK-ATT-1')).toBeUndefined();
    await execute(g, Object.assign(new CO.AttachmentsFolderDelete(), { folderName: 'SDK Sub' }));
    await execute(g, Object.assign(new CO.AttachmentsFolderDelete(), { folderName: 'SDK Folder' }));
    expect(await get('supdocfolder', 'SDK Folder')).toBeUndefined();
  });

  it("fylein/fyle-intacct-api's payloads: folder, create_supdoc without supdocname, update_supdoc adding a file, SUPDOCID on a card transaction and a bill", async () => {
    // apps/workspaces/views.py get_or_create_attachments_folder: get_list supdocfolder filtered on name
    // (fylein/sageintacct-sdk-py Attachments.get_folder); a bare <listtype>supdocfolder</listtype> means "none yet".
    const byName = (name: string) =>
      new PayloadFunction('get_list', {
        '@object': 'supdocfolder',
        filter: { expression: { field: 'name', operator: '=', value: name } },
      });
    const none = await execute(g, byName('FyleAttachments'));
    expect(none.data).toEqual([]);
    expect(
      (await execute(g, new PayloadFunction('create_supdocfolder', { supdocfoldername: 'FyleAttachments' }))).key,
    ).toBe('FyleAttachments');
    const found = await execute(g, byName('FyleAttachments'));
    expect(found.totalCount).toBe(1);
    expect((found.data as { name: string }[])[0]!.name).toBe('FyleAttachments');

    // apps/sage_intacct/utils.py post_attachments (fyle sends the file's data in attachmentdata; here base64 bytes).
    const payload = (n: number, data: string) => ({
      supdocid: '8812',
      supdocfoldername: 'FyleAttachments',
      attachments: { attachment: [{ attachmentname: `fi1a2b3c - ${n}`, attachmenttype: 'pdf', attachmentdata: data }] },
    });
    const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1').toString('base64');
    expect((await execute(g, new PayloadFunction('create_supdoc', payload(1, pdf)))).key).toBe('8812');
    await execute(g, new PayloadFunction('update_supdoc', payload(2, BINARY.toString('base64'))));
    const doc = (await get('supdoc', '8812'))!;
    expect(doc.fields).toMatchObject({ supdocid: '8812', supdocname: '', folder: 'FyleAttachments' });
    expect(doc.files).toEqual([
      { name: 'fi1a2b3c - 1', type: 'pdf', data: pdf },
      { name: 'fi1a2b3c - 2', type: 'pdf', data: BINARY.toString('base64') },
    ]);

    // fylein/sageintacct-sdk-py ChargeCardTransactions.update_attachment and Bills.update_attachment.
    const card = await first(g, 'CCTRANSACTION', ['RECORDNO']);
    await execute(g, new PayloadFunction('update_cctransaction', { '@key': card.RECORDNO!, supdocid: '8812' }));
    expect((await query(g, 'CCTRANSACTION', ['SUPDOCID'], 'RECORDNO', card.RECORDNO!))[0]!.SUPDOCID).toBe('8812');
    const bill = await first(g, 'APBILL', ['RECORDNO']);
    await execute(g, new PayloadFunction('update', { APBILL: { RECORDNO: bill.RECORDNO!, SUPDOCID: '8812' } }));
    expect((await query(g, 'APBILL', ['SUPDOCID'], 'RECORDNO', bill.RECORDNO!))[0]!.SUPDOCID).toBe('8812');
    // Named by a bill, the attachment cannot be deleted.
    await expectWriteRefused(
      execute(g, Object.assign(new CO.AttachmentsDelete(), { attachmentsId: '8812' })),
      /used by APBILL records \(SUPDOCID\)/,
    );
  });

  it('the files of an attachment go with it whichever way it is deleted: delete_supdoc, the generic delete, REST DELETE', async () => {
    // Files are rows beside the SUPDOC record (lq_supdoc_file); a delete that left them would keep data no read
    // reaches. Shapes: the reference's create_supdoc example; the generic <delete> and REST DELETE of the object.
    const filesOf = async (recordNo: string) =>
      (
        await g.server.db.all<{ n: unknown }>(
          sql`SELECT COUNT(*) AS n FROM lq_supdoc_file WHERE supdoc_no = ${p(Number(recordNo))}`,
        )
      )[0]!.n;
    const made: string[] = [];
    for (const id of ['GONE-1', 'GONE-2', 'GONE-3']) {
      const r = await raw(
        `<create_supdoc><supdocid>${id}</supdocid><supdocfoldername>Bills</supdocfoldername><attachments><attachment><attachmentname>a</attachmentname><attachmenttype>txt</attachmenttype><attachmentdata>aGk=</attachmentdata></attachment></attachments></create_supdoc>`,
      );
      expect(r.status, r.errors.join(' ')).toBe('success');
      const [row] = await query(g, 'SUPDOC', ['RECORDNO'], 'SUPDOCID', id);
      expect(Number(await filesOf(row!.RECORDNO!))).toBe(1);
      made.push(row!.RECORDNO!);
    }
    expect((await raw('<delete_supdoc key="GONE-1"></delete_supdoc>')).status).toBe('success');
    expect((await raw(`<delete><object>SUPDOC</object><keys>${made[1]}</keys></delete>`)).status).toBe('success');
    const res = await fetch(`http://127.0.0.1:${g.port}/ia/api/v1/objects/company-config/attachment/${made[2]}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(204);
    for (const recordNo of made) expect(Number(await filesOf(recordNo))).toBe(0);
  });

  it("the reference's examples as raw XML: create_supdocfolder, create_supdoc, update_supdoc moving it, delete_supdoc", async () => {
    expect(
      (
        await raw(
          '<create_supdocfolder><supdocfoldername>mySupFolder</supdocfoldername><supdocfolderdescription></supdocfolderdescription><supdocparentfoldername></supdocparentfoldername></create_supdocfolder>',
        )
      ).key,
    ).toBe('mySupFolder');
    await raw('<create_supdocfolder><supdocfoldername>A Different Folder</supdocfoldername></create_supdocfolder>');
    const created = await raw(
      '<create_supdoc><supdocid>newSupDocID</supdocid><supdocfoldername>mySupFolder</supdocfoldername><supdocdescription>Blah blah</supdocdescription><attachments><attachment><attachmentname>My Attachment1</attachmentname><attachmenttype>txt</attachmenttype><attachmentdata>aGVsbG8gd29ybGQhIHRoaXMgaXMgYmFzZTY0IGVuY29kZWQgZGF0YQ==</attachmentdata></attachment></attachments></create_supdoc>',
    );
    expect(created).toMatchObject({ status: 'success', key: 'newSupDocID' });
    const updated = await raw(
      '<update_supdoc><supdocid>newSupDocID</supdocid><supdocfoldername>A Different Folder</supdocfoldername><supdocdescription>Update!</supdocdescription><attachments><attachment><attachmentname>My Attachment2</attachmentname><attachmenttype>txt</attachmenttype><attachmentdata>aGVsbG8=</attachmentdata></attachment></attachments></update_supdoc>',
    );
    expect(updated.status).toBe('success');
    const doc = (await get('supdoc', 'newSupDocID'))!;
    expect(doc.fields).toMatchObject({ folder: 'A Different Folder', description: 'Update!' });
    expect(Buffer.from(doc.files[0]!.data, 'base64').toString()).toBe('hello world! this is base64 encoded data');
    expect(doc.files.map((f) => f.name)).toEqual(['My Attachment1', 'My Attachment2']);
    // get_list with fields, a like filter and a sort (the reference's get_list parameters).
    const list = await raw(
      '<get_list object="supdoc" maxitems="1"><filter><expression><field>supdocid</field><operator>like</operator><value>newSup%</value></expression></filter><sorts><sortfield order="desc">supdocid</sortfield></sorts><fields><field>supdocid</field><field>folder</field></fields></get_list>',
    );
    expect(list.body).toMatch(/<listtype start="0" end="0" total="1">supdoc<\/listtype>/);
    expect(records(list.body, 'supdoc')).toEqual([
      { fields: { supdocid: 'newSupDocID', folder: 'A Different Folder' }, files: [] },
    ]);
    expect((await raw('<delete_supdoc key="newSupDocID"></delete_supdoc>')).key).toBe('newSupDocID');
    expect(await get('supdoc', 'newSupDocID')).toBeUndefined();
  });

  it.each([
    [
      'a folder that does not exist',
      '<create_supdoc><supdocid>BAD-1</supdocid><supdocfoldername>Nowhere</supdocfoldername></create_supdoc>',
      /Invalid SUPDOCFOLDERNAME 'Nowhere'.*\(supdocfoldername\)/,
    ],
    [
      'no folder',
      '<create_supdoc><supdocid>BAD-2</supdocid><supdocname>x</supdocname></create_supdoc>',
      /Required field SUPDOCFOLDERNAME of SUPDOC is missing \(supdocfoldername\)/,
    ],
    [
      'data that is not base64',
      '<create_supdoc><supdocid>BAD-3</supdocid><supdocfoldername>Bills</supdocfoldername><attachments><attachment><attachmentname>a</attachmentname><attachmenttype>pdf</attachmenttype><attachmentdata>https://example.com/file.pdf</attachmentdata></attachment></attachments></create_supdoc>',
      /attachmentdata of attachment: .*not base64/,
    ],
    [
      'an empty file type',
      '<create_supdoc><supdocid>BAD-4</supdocid><supdocfoldername>Bills</supdocfoldername><attachments><attachment><attachmentname>a</attachmentname><attachmenttype></attachmenttype><attachmentdata>aGk=</attachmentdata></attachment></attachments></create_supdoc>',
      /Required element attachmenttype of attachment is missing/,
    ],
    [
      'an ID longer than 20 characters',
      '<create_supdoc><supdocid>ABCDEFGHIJKLMNOPQRSTU</supdocid><supdocfoldername>Bills</supdocfoldername></create_supdoc>',
      /SUPDOCID of SUPDOC is longer than 20 characters \(supdocid\)/,
    ],
    [
      'an ID another attachment has',
      '<create_supdoc><supdocid>W9-FORMS</supdocid><supdocfoldername>Bills</supdocfoldername></create_supdoc>',
      /Another SUPDOC record with SUPDOCID 'W9-FORMS' already exists/,
    ],
    [
      'an update of an attachment that does not exist',
      '<update_supdoc><supdocid>NOPE-1</supdocid><supdocdescription>x</supdocdescription></update_supdoc>',
      /No SUPDOC record with SUPDOCID 'NOPE-1' exists/,
    ],
    [
      'a file name the attachment already has',
      '<update_supdoc><supdocid>W9-FORMS</supdocid><attachments><attachment><attachmentname>W9-FORMS scan</attachmentname><attachmenttype>txt</attachmenttype><attachmentdata>aGk=</attachmentdata></attachment></attachments></update_supdoc>',
      /already has a file named 'W9-FORMS scan'/,
    ],
    [
      'a folder inside itself',
      '<update_supdocfolder><supdocfoldername>Supporting Documents</supdocfoldername><supdocparentfoldername>Bills</supdocparentfoldername></update_supdocfolder>',
      /folder 'Supporting Documents' cannot be inside itself/,
    ],
  ])('refuses %s, naming the element', async (_name, fn, message) => {
    const r = await raw(fn);
    expect(r.status).toBe('failure');
    expect(r.errors.join(' ')).toMatch(message);
  });

  it('refuses elements outside the DTD by name (an attachment without its data, an element of another function)', async () => {
    const missing = await raw(
      '<create_supdoc><supdocid>BAD-5</supdocid><supdocfoldername>Bills</supdocfoldername><attachments><attachment><attachmentname>a</attachmentname><attachmenttype>txt</attachmenttype></attachment></attachments></create_supdoc>',
    );
    expect(missing.errors.join(' ')).toMatch(/attachmentdata/);
    const foreign = await raw(
      '<create_supdoc><supdocid>BAD-6</supdocid><supdocfoldername>Bills</supdocfoldername><supdocparentfoldername>x</supdocparentfoldername></create_supdoc>',
    );
    expect(foreign.errors.join(' ')).toMatch(/supdocparentfoldername/);
  });

  it('a bill, an invoice or a card transaction naming no attachment of the company is refused naming SUPDOCID', async () => {
    const bill = await first(g, 'APBILL', ['RECORDNO']);
    await expectWriteRefused(
      execute(g, new PayloadFunction('update', { APBILL: { RECORDNO: bill.RECORDNO!, SUPDOCID: 'NO-SUCH-ATT' } })),
      /Invalid SUPDOCID 'NO-SUCH-ATT' specified: no SUPDOC with SUPDOCID/,
    );
    const invoice = await first(g, 'ARINVOICE', ['RECORDNO']);
    await expectWriteRefused(
      execute(g, new PayloadFunction('update_invoice', { '@key': invoice.RECORDNO!, supdocid: 'NO-SUCH-ATT' })),
      /Invalid SUPDOCID 'NO-SUCH-ATT'/,
    );
    const card = await first(g, 'CCTRANSACTION', ['RECORDNO']);
    await expectWriteRefused(
      execute(g, new PayloadFunction('update_cctransaction', { '@key': card.RECORDNO!, supdocid: 'NO-SUCH-ATT' })),
      /Invalid SUPDOCID 'NO-SUCH-ATT'/,
    );
  });

  it("every SUPDOCID the demo's documents name is an attachment of the company, with its files", async () => {
    const ids = new Set((await query(g, 'SUPDOC', ['SUPDOCID'], undefined, undefined, 1000)).map((r) => r.SUPDOCID));
    for (const object of ['APBILL', 'ARINVOICE']) {
      const named = (await query(g, object, ['SUPDOCID'], undefined, undefined, 2000)).filter((r) => r.SUPDOCID);
      expect(named.length).toBeGreaterThan(0);
      for (const r of named) expect(ids.has(r.SUPDOCID)).toBe(true);
    }
    const w9 = (await get('supdoc', 'W9-FORMS'))!;
    expect(w9.fields.folder).toBe('Tax Forms');
    expect(Buffer.from(w9.files[0]!.data, 'base64').toString()).toMatch(/^Supporting document W9-FORMS/);
  });

  it('REST creates, reads, changes and deletes folders and attachments (company-config/folder, company-config/attachment)', async () => {
    const base = `http://127.0.0.1:${g.port}/ia/api/v1/objects/company-config`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // fylein/fyle-intacct-api get_or_create_attachments_folder_rest_api posts {'id': 'FyleAttachments'}.
    const folder = await fetch(`${base}/folder`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: 'REST Folder' }),
    });
    expect(folder.status).toBe(201);
    // The REST reference's "Create an empty attachment" (folder named by id: ledgerq keys folders by name).
    const res = await fetch(`${base}/attachment`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: '2024 Tax', name: '2024 Tax Forms', folder: { id: 'REST Folder' } }),
    });
    expect(res.status).toBe(201);
    const key = ((await res.json()) as { 'ia::result': { key: string } })['ia::result'].key;
    const patch = await fetch(`${base}/attachment/${key}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ description: 'Forms' }),
    });
    expect(patch.status).toBe(200);
    expect(await restGet(g, catalog.require('SUPDOC'), key, token)).toMatchObject({
      id: '2024 Tax',
      name: '2024 Tax Forms',
      folder: { id: 'REST Folder' },
      description: 'Forms',
    });
    expect((await get('supdoc', '2024 Tax'))!.fields).toMatchObject({ folder: 'REST Folder', description: 'Forms' });
    // The REST reference's "Create an attachment that contains a file": files are not taken over REST in ledgerq.
    const withFiles = await fetch(`${base}/attachment`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        id: 'attach-02',
        folder: { id: 'REST Folder' },
        files: [{ name: 'short file.txt', data: 'aGk=' }],
      }),
    });
    expect(withFiles.status).toBe(422);
    expect(await withFiles.text()).toMatch(/files/);
    expect((await fetch(`${base}/attachment/${key}`, { method: 'DELETE', headers })).status).toBe(204);
    expect(await get('supdoc', '2024 Tax')).toBeUndefined();
  });

  it('an SDK create without an ID takes the next number when the company numbers attachments; without numbering it is refused', async () => {
    // The reference: supdocid "Required if company does not have attachment autonumbering configured". The SDK
    // writes <supdocid/> when attachmentsId is not set.
    const create = () =>
      Object.assign(new CO.AttachmentsCreate(), { attachmentFolderName: 'Bills', attachmentsName: 'Numbered' });
    await expectWriteRefused(execute(g, create(), DEMO2), /Required field SUPDOCID of SUPDOC is missing/);
    const set = await fetch(`http://127.0.0.1:${g.port}/ledgerq/admin/numbering`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ company: 'demo2', object: 'SUPDOC', sequence: { prefix: 'AT-', digits: 4 } }),
    });
    expect(set.status).toBe(200);
    expect((await execute(g, create(), DEMO2)).key).toBe('AT-0001');
    expect((await get('supdoc', 'AT-0001', DEMO2))!.fields).toMatchObject({ supdocname: 'Numbered', folder: 'Bills' });
  });

  it("another company's attachments are never visible or linkable", async () => {
    expect(await get('supdoc', 'W9-FORMS', DEMO2)).toBeDefined();
    await raw(
      '<create_supdoc><supdocid>DEMO-ONLY</supdocid><supdocfoldername>Bills</supdocfoldername><attachments><attachment><attachmentname>secret</attachmentname><attachmenttype>txt</attachmenttype><attachmentdata>c2VjcmV0</attachmentdata></attachment></attachments></create_supdoc>',
    );
    expect(await get('supdoc', 'DEMO-ONLY')).toBeDefined();
    expect(await get('supdoc', 'DEMO-ONLY', DEMO2)).toBeUndefined();
    const list = await raw('<get_list object="supdoc"/>', DEMO2);
    expect(list.body).not.toMatch(/DEMO-ONLY|c2VjcmV0/);
    const [bill] = await query(g, 'APBILL', ['RECORDNO'], undefined, undefined, 1, DEMO2);
    const linked = await raw(
      `<update><APBILL><RECORDNO>${bill!.RECORDNO}</RECORDNO><SUPDOCID>DEMO-ONLY</SUPDOCID></APBILL></update>`,
      DEMO2,
    );
    expect(linked.errors.join(' ')).toMatch(/Invalid SUPDOCID 'DEMO-ONLY'/);
  });
});
