// Other receipts (OTHERRECEIPTS with their OTHERRECEIPTSENTRY lines) and deposits (DEPOSIT with DEPOSITENTRY lines)
// as integrations write them: the official SDK's OtherReceiptCreate with OtherReceiptLineCreate and DepositCreate
// (record_otherreceipt, record_deposit), the reference's examples as raw XML (russellkt/intacct-mcp-server
// docs/cash-management-other-receipts.md, docs/cash-management-deposits.md), and REST POST other-receipt / deposit
// (lorenz-bus-service/node-intacct-rest-api spec/cash-management.json). Read back through query, read and REST.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, IA, type Gateway, type Login, startGateway } from '../xml/support/gateway-harness.ts';
import {
  catalog,
  execute,
  expectWriteRefused,
  first,
  postFunction,
  query,
  read,
  restGet,
  restMismatches,
  restToken,
  type Rec,
} from './write-harness.ts';

const CM = IA.Functions.CashManagement;
const RECEIPT = [
  'RECORDNO',
  'PAYER',
  'TXNDATE',
  'WHENPAID',
  'PAYMENTMETHOD',
  'FINANCIALENTITY',
  'UNDEPOSITEDGLACCOUNTID',
  'DEPOSITDATE',
  'RECORDID',
  'DESCRIPTION',
  'STATE',
  'TOTALENTERED',
  'TRX_TOTALENTERED',
  'PARENTDEPOSITKEY',
  'MEGAENTITYID',
];
const RECEIPT_LINE = ['LINE_NO', 'ACCOUNTNO', 'TRX_AMOUNT', 'AMOUNT', 'DESCRIPTION', 'LOCATIONID', 'DEPARTMENTID'];
const DEPOSIT = ['RECORDNO', 'FINANCIALENTITY', 'TXNDATE', 'DEPOSITID', 'DESCRIPTION', 'TOTALENTERED', 'MEGAENTITYID'];
// The demo company's checking accounts (src/demo/cash-management.ts addCheckingAccounts).
const US_BANK = 'BOA-CHK-1000';
const UK_BANK = 'BARCLAYS-GBP-1050';

describe.each(BACKENDS)('other receipts and deposits on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  let account: string;
  let undeposited: string;
  beforeAll(async () => {
    g = await startGateway(url);
    token = await restToken(g);
    account = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'], 'ACCOUNTNO', '4000')).ACCOUNTNO!;
    undeposited = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'], 'ACCOUNTNO', '1000')).ACCOUNTNO!;
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  /** A record as query sees it, equal through read and REST GET. */
  async function readBack(object: string, fields: string[], recordNo: string): Promise<Rec> {
    const [row] = await query(g, object, fields, 'RECORDNO', recordNo);
    expect(row).toBeDefined();
    expect(await read(g, object, recordNo)).toMatchObject(row!);
    const o = catalog.require(object);
    // Dates read MM/DD/YYYY through XML and YYYY-MM-DD through REST.
    const isoDate = (v: string) => (v ? `${v.slice(6, 10)}-${v.slice(0, 2)}-${v.slice(3, 5)}` : v);
    const asRest = Object.fromEntries(
      Object.entries(row!).map(([k, v]) => [k, o.fields.find((f) => f.xmlId === k)?.type === 'date' ? isoDate(v) : v]),
    );
    expect(restMismatches(o, asRest, (await restGet(g, o, recordNo, token))!)).toEqual([]);
    return row!;
  }
  const receipt = (key: string) => readBack('OTHERRECEIPTS', RECEIPT, key);
  const deposit = (key: string) => readBack('DEPOSIT', DEPOSIT, key);
  async function receiptLines(key: string): Promise<string[][]> {
    const rows = await query(g, 'OTHERRECEIPTSENTRY', RECEIPT_LINE, 'RECORDKEY', key);
    return rows.map((l) => RECEIPT_LINE.map((f) => l[f] ?? '')).sort((a, b) => Number(a[0]) - Number(b[0]));
  }
  const raw = (fn: string, login: Login = {}) => postFunction(g, fn, login);
  const date = '<year>2026</year><month>11</month><day>20</day>';
  /** record_otherreceipt into undeposited funds, as the reference's example shapes it. */
  const undepositedReceipt = (amount: string, extra = '') =>
    `<record_otherreceipt><paymentdate>${date}</paymentdate><payee>Costco</payee><receiveddate>${date}</receiveddate>` +
    `<paymentmethod>Cash</paymentmethod><undepglaccountno>${undeposited}</undepglaccountno><refid>1234</refid><description></description>${extra}` +
    `<receiptitems><lineitem><glaccountno>${account}</glaccountno><amount>${amount}</amount><memo></memo></lineitem></receiptitems></record_otherreceipt>`;
  const depositOf = (keys: string[], bank = US_BANK, slip = 'Slip') =>
    `<record_deposit><bankaccountid>${bank}</bankaccountid><depositdate>${date}</depositdate><depositid>${slip}</depositid>` +
    `<receiptkeys>${keys.map((k) => `<receiptkey>${k}</receiptkey>`).join('')}</receiptkeys><description>Desc</description></record_deposit>`;

  it('OtherReceiptCreate into undeposited funds and into a bank account; DepositCreate deposits the undeposited one once', async () => {
    const line = (amount: number, memo?: string) =>
      Object.assign(new CM.OtherReceiptLineCreate(), { glAccountNumber: account, transactionAmount: amount, memo });
    const held = Object.assign(new CM.OtherReceiptCreate(), {
      transactionDate: new Date(2026, 10, 3),
      payer: 'Jane Doe',
      receiptDate: new Date(2026, 10, 4),
      paymentMethod: 'Printed Check',
      undepositedFundsGlAccountNo: undeposited,
      transactionNo: 'CHK-501',
      description: 'Conference room rental',
      lines: [line(100.25, 'Room'), line(19.75)],
    });
    const heldKey = (await execute(g, held)).key!;
    expect(await receipt(heldKey)).toMatchObject({
      PAYER: 'Jane Doe',
      TXNDATE: '11/03/2026',
      WHENPAID: '11/04/2026',
      PAYMENTMETHOD: 'Printed Check',
      FINANCIALENTITY: '',
      UNDEPOSITEDGLACCOUNTID: undeposited,
      RECORDID: 'CHK-501',
      STATE: 'approved',
      TOTALENTERED: '120',
      TRX_TOTALENTERED: '120',
      PARENTDEPOSITKEY: '',
    });
    expect(await receiptLines(heldKey)).toEqual([
      ['1', account, '100.25', '100.25', 'Room', '', ''],
      ['2', account, '19.75', '19.75', '', '', ''],
    ]);

    const banked = Object.assign(new CM.OtherReceiptCreate(), {
      transactionDate: new Date(2026, 10, 5),
      payer: 'Refund desk',
      receiptDate: new Date(2026, 10, 5),
      paymentMethod: 'EFT',
      bankAccountId: US_BANK,
      depositDate: new Date(2026, 10, 6),
      lines: [line(40)],
    });
    const bankedKey = (await execute(g, banked)).key!;
    expect(await receipt(bankedKey)).toMatchObject({
      FINANCIALENTITY: US_BANK,
      DEPOSITDATE: '11/06/2026',
      STATE: 'deposited',
      TOTALENTERED: '40',
    });

    const dep = Object.assign(new CM.DepositCreate(), {
      bankAccountId: US_BANK,
      depositDate: new Date(2026, 10, 10),
      depositSlipId: 'Deposit Slip 2026-11-10',
      transactionKeysToDeposit: [Number(heldKey)],
      description: 'Week 45',
    });
    const depKey = (await execute(g, dep)).key!;
    expect(await deposit(depKey)).toMatchObject({
      FINANCIALENTITY: US_BANK,
      TXNDATE: '11/10/2026',
      DEPOSITID: 'Deposit Slip 2026-11-10',
      TOTALENTERED: '120',
    });
    expect(await receipt(heldKey)).toMatchObject({
      STATE: 'deposited',
      PARENTDEPOSITKEY: depKey,
      DEPOSITDATE: '11/10/2026',
    });
    const depLines = await query(
      g,
      'DEPOSITENTRY',
      ['RECORDKEY', 'ACCOUNTNO', 'AMOUNT', 'TRX_AMOUNT'],
      'RECORDKEY',
      depKey,
    );
    expect(depLines).toEqual([{ RECORDKEY: depKey, ACCOUNTNO: undeposited, AMOUNT: '120', TRX_AMOUNT: '120' }]);

    // Deposited once, a receipt cannot be deposited again; one recorded into a bank account never waits for a deposit.
    await expectWriteRefused(execute(g, dep), new RegExp(`OTHERRECEIPTS ${heldKey} is already deposited`));
    await expectWriteRefused(
      execute(g, Object.assign(new CM.DepositCreate(), { ...dep, transactionKeysToDeposit: [Number(bankedKey)] })),
      /recorded into a bank account/,
    );
    // The deposit names its receipts: it cannot be deleted while they do, nor a deposited receipt.
    const del = await raw(`<delete><object>DEPOSIT</object><keys>${depKey}</keys></delete>`);
    expect(del.status).toBe('failure');
    const delReceipt = await raw(`<delete><object>OTHERRECEIPTS</object><keys>${heldKey}</keys></delete>`);
    expect(delReceipt.errors.join(' ')).toMatch(/is deposited/);
  });

  it("the reference's record_otherreceipt and record_deposit as raw XML; unknown elements refused by name", async () => {
    const a = await raw(undepositedReceipt('50.99'));
    const b = await raw(undepositedReceipt('9.01'));
    expect([a.status, b.status]).toEqual(['success', 'success']);
    expect(await receipt(a.key)).toMatchObject({
      PAYER: 'Costco',
      RECORDID: '1234',
      STATE: 'approved',
      TOTALENTERED: '50.99',
    });
    const d = await raw(depositOf([a.key, b.key], US_BANK, 'Deposit Slip 2026-11-20'));
    expect(d.status).toBe('success');
    expect(await deposit(d.key)).toMatchObject({ TOTALENTERED: '60', DEPOSITID: 'Deposit Slip 2026-11-20' });
    expect((await query(g, 'DEPOSITENTRY', ['RECORDNO'], 'RECORDKEY', d.key)).length).toBe(2);

    const unknownHeader = await raw(undepositedReceipt('1', '<nosuchthing>1</nosuchthing>'));
    expect(unknownHeader.status).toBe('failure');
    expect(unknownHeader.errors.join(' ')).toMatch(/nosuchthing is not a field of record_otherreceipt/);
    const unknownLine = await raw(undepositedReceipt('1').replace('<memo></memo>', '<colour>red</colour>'));
    expect(unknownLine.errors.join(' ')).toMatch(/colour is not a field of lineitem/);
    const unknownDeposit = await raw(
      depositOf([a.key]).replace('<description>', '<slipcolour>x</slipcolour><description>'),
    );
    expect(unknownDeposit.errors.join(' ')).toMatch(/slipcolour is not a field of record_deposit/);
    const unknownKey = await raw(depositOf(['99999999']));
    expect(unknownKey.errors.join(' ')).toMatch(/no OTHERRECEIPTS with RECORDNO '99999999'/);
    // Exactly one of a bank account and undeposited funds (the reference: each "Required if not using" the other).
    const both = await raw(undepositedReceipt('1', `<bankaccountid>${US_BANK}</bankaccountid>`));
    expect(both.errors.join(' ')).toMatch(/not both/);
    const noBank = await raw(
      undepositedReceipt('1').replace(`<undepglaccountno>${undeposited}</undepglaccountno>`, ''),
    );
    expect(noBank.errors.join(' ')).toMatch(/FINANCIALENTITY of OTHERRECEIPTS is missing/);
    const unknownBank = await raw(depositOf([b.key], 'NO-SUCH-BANK'));
    expect(unknownBank.errors.join(' ')).toMatch(
      /no CHECKINGACCOUNT or SAVINGSACCOUNT with BANKACCOUNTID 'NO-SUCH-BANK'/,
    );
    const noLines = await raw(undepositedReceipt('1').replace(/<receiptitems>.*<\/receiptitems>/, '<receiptitems/>'));
    expect(noLines.errors.join(' ')).toMatch(/needs at least one line/);
    // Written whole only: the generic create and update are refused.
    const generic = await raw(
      `<create><OTHERRECEIPTS><PAYER>x</PAYER><TXNDATE>11/20/2026</TXNDATE></OTHERRECEIPTS></create>`,
    );
    expect(generic.errors.join(' ')).toMatch(/record_otherreceipt/);
    const update = await raw(
      `<update><OTHERRECEIPTS><RECORDNO>${a.key}</RECORDNO><DESCRIPTION>x</DESCRIPTION></OTHERRECEIPTS></update>`,
    );
    expect(update.errors.join(' ')).toMatch(/changed only by update_otherreceipt/);
    const lineAlone = await raw(
      `<create><OTHERRECEIPTSENTRY><RECORDKEY>${a.key}</RECORDKEY><ACCOUNTNO>${account}</ACCOUNTNO><TRX_AMOUNT>1</TRX_AMOUNT></OTHERRECEIPTSENTRY></create>`,
    );
    expect(lineAlone.status).toBe('failure');
    // An undeposited receipt is deleted with its lines.
    const c = await raw(undepositedReceipt('3'));
    expect((await raw(`<delete><object>OTHERRECEIPTS</object><keys>${c.key}</keys></delete>`)).status).toBe('success');
    expect(await query(g, 'OTHERRECEIPTSENTRY', ['RECORDNO'], 'RECORDKEY', c.key)).toEqual([]);
  });

  // update_otherreceipt / delete_otherreceipt: russellkt/intacct-mcp-server docs/cash-management-other-receipts.md,
  // "Update Other Receipt (Legacy)" (key = RECORDNO; header elements; receiptitems of updatelineitem line_num= and
  // lineitem; "You cannot update an other receipt that was created with inclusive tax set to true") and "Delete Other
  // Receipt (Legacy)". The SDK has no class for either, so raw XML.
  it("the reference's update_otherreceipt: a line changed, a line added, totals recomputed; moved between undeposited funds and a bank account", async () => {
    // Entity US's: its bank accounts are the US's (a receipt stays in its entity).
    const a = await raw(undepositedReceipt('50.99'), { entityId: 'US' });
    expect(a.status).toBe('success');
    // The reference's own example, with this company's account.
    const up = await raw(
      `<update_otherreceipt key="${a.key}"><receiptitems><updatelineitem line_num="1"><memo>Organization dues</memo>` +
        `</updatelineitem><lineitem><glaccountno>${account}</glaccountno><amount>1000</amount></lineitem></receiptitems></update_otherreceipt>`,
    );
    expect(up).toMatchObject({ status: 'success', key: a.key });
    expect(await receiptLines(a.key)).toEqual([
      ['1', account, '50.99', '50.99', 'Organization dues', '', ''],
      ['2', account, '1000', '1000', '', '', ''],
    ]);
    expect(await receipt(a.key)).toMatchObject({
      TOTALENTERED: '1050.99',
      TRX_TOTALENTERED: '1050.99',
      STATE: 'approved',
    });

    // Header elements change; an amount changed recomputes the totals.
    const header = await raw(
      `<update_otherreceipt key="${a.key}"><payee>Costco Wholesale</payee><refid>9876</refid><description>Dues</description>` +
        `<receiptitems><updatelineitem line_num="2"><amount>949.01</amount></updatelineitem></receiptitems></update_otherreceipt>`,
    );
    expect(header.status).toBe('success');
    expect(await receipt(a.key)).toMatchObject({
      PAYER: 'Costco Wholesale',
      RECORDID: '9876',
      DESCRIPTION: 'Dues',
      TOTALENTERED: '1000',
      UNDEPOSITEDGLACCOUNTID: undeposited,
    });

    // Into a bank account: deposited there, out of undeposited funds; and back.
    const banked = await raw(
      `<update_otherreceipt key="${a.key}"><bankaccountid>${US_BANK}</bankaccountid><depositdate>${date}</depositdate></update_otherreceipt>`,
    );
    expect(banked.status).toBe('success');
    expect(await receipt(a.key)).toMatchObject({
      FINANCIALENTITY: US_BANK,
      UNDEPOSITEDGLACCOUNTID: '',
      DEPOSITDATE: '11/20/2026',
      STATE: 'deposited',
    });
    const back = await raw(
      `<update_otherreceipt key="${a.key}"><undepglaccountno>${undeposited}</undepglaccountno></update_otherreceipt>`,
    );
    expect(back.status).toBe('success');
    expect(await receipt(a.key)).toMatchObject({
      FINANCIALENTITY: '',
      UNDEPOSITEDGLACCOUNTID: undeposited,
      DEPOSITDATE: '',
      STATE: 'approved',
    });

    // Deposited, it takes the updated total; a deposit holds it now, so it is neither changed nor deleted.
    const d = await raw(depositOf([a.key], US_BANK, 'After update'));
    expect(d.status).toBe('success');
    expect(await deposit(d.key)).toMatchObject({ TOTALENTERED: '1000' });
    const held = await raw(`<update_otherreceipt key="${a.key}"><description>x</description></update_otherreceipt>`);
    expect(held.errors.join(' ')).toMatch(new RegExp(`OTHERRECEIPTS ${a.key} is deposited \\(DEPOSIT ${d.key}\\)`));
    const del = await raw(`<delete_otherreceipt key="${a.key}"></delete_otherreceipt>`);
    expect(del.status).toBe('failure');
    expect(del.errors.join(' ')).toMatch(/is deposited/);
    expect(await receipt(a.key)).toMatchObject({ DESCRIPTION: 'Dues', PARENTDEPOSITKEY: d.key });
  });

  it('update_otherreceipt refusals: unknown line, elements outside its table, both destinations, inclusive tax, another entity', async () => {
    const a = await raw(undepositedReceipt('20'));
    const refused = async (fn: string, message: RegExp) => {
      const r = await raw(fn);
      expect(r.status).toBe('failure');
      expect(r.errors.join(' ')).toMatch(message);
    };
    const update = (body: string, key = a.key) => `<update_otherreceipt key="${key}">${body}</update_otherreceipt>`;
    await refused(
      update('<receiptitems><updatelineitem line_num="2"><memo>x</memo></updatelineitem></receiptitems>'),
      new RegExp(`OTHERRECEIPTS ${a.key} has no line 2`),
    );
    await refused(update('<receiptitems><updatelineitem><memo>x</memo></updatelineitem></receiptitems>'), /line_num/);
    await refused(update('<receiptitems/>'), /at least one line/);
    // taxsolutionid is record_otherreceipt's only; contractid is the SDK create class's only.
    await refused(update('<taxsolutionid>x</taxsolutionid>'), /taxsolutionid is not a field of update_otherreceipt/);
    await refused(
      update(
        '<receiptitems><lineitem><glaccountno>1</glaccountno><amount>1</amount><contractid>C</contractid></lineitem></receiptitems>',
      ),
      /contractid is not a field of lineitem/,
    );
    await refused(update('<receiptitems><lineitem><amount>1</amount></lineitem></receiptitems>'), /ACCOUNTNO/);
    await refused(
      update(`<bankaccountid>${US_BANK}</bankaccountid><undepglaccountno>${undeposited}</undepglaccountno>`),
      /not both/,
    );
    await refused(update(`<depositdate>${date}</depositdate>`), /only with a bank account/);
    await refused(
      update('<description>x</description>', '99999999'),
      /No OTHERRECEIPTS record with RECORDNO '99999999'/,
    );
    // A US receipt cannot move into the UK's bank account.
    const us = await raw(undepositedReceipt('4'), { entityId: 'US' });
    await refused(update(`<bankaccountid>${UK_BANK}</bankaccountid>`, us.key), /belongs to entity UK/);
    const inclusive = await raw(undepositedReceipt('8', '<inclusivetax>true</inclusivetax>'));
    expect(inclusive.status).toBe('success');
    await refused(update('<description>x</description>', inclusive.key), /created with inclusive tax/);
    // Nothing changed by the refusals.
    expect(await receipt(a.key)).toMatchObject({ TOTALENTERED: '20', DESCRIPTION: '', STATE: 'approved' });
    expect((await receiptLines(a.key)).length).toBe(1);
  });

  it("the reference's delete_otherreceipt: an undeposited receipt and one recorded into a bank account go with their lines", async () => {
    const a = await raw(undepositedReceipt('12'));
    const b = await raw(
      undepositedReceipt('13').replace(
        `<undepglaccountno>${undeposited}</undepglaccountno>`,
        `<bankaccountid>${US_BANK}</bankaccountid>`,
      ),
    );
    for (const k of [a.key, b.key]) {
      const del = await raw(`<delete_otherreceipt key="${k}"></delete_otherreceipt>`);
      expect(del).toMatchObject({ status: 'success', key: k });
      expect(await query(g, 'OTHERRECEIPTS', ['RECORDNO'], 'RECORDNO', k)).toEqual([]);
      expect(await query(g, 'OTHERRECEIPTSENTRY', ['RECORDNO'], 'RECORDKEY', k)).toEqual([]);
    }
    const again = await raw(`<delete_otherreceipt key="${a.key}"></delete_otherreceipt>`);
    expect(again.errors.join(' ')).toMatch(new RegExp(`No OTHERRECEIPTS record with RECORDNO '${a.key}'`));
    const noKey = await raw('<delete_otherreceipt></delete_otherreceipt>');
    expect(noKey.status).toBe('failure');
    // Inside entity US the UK's receipt is not there to delete.
    const uk = await raw(undepositedReceipt('6'), { entityId: 'UK' });
    const fromUs = await raw(`<delete_otherreceipt key="${uk.key}"></delete_otherreceipt>`, { entityId: 'US' });
    expect(fromUs.errors.join(' ')).toMatch(/No OTHERRECEIPTS record/);
    expect((await query(g, 'OTHERRECEIPTS', ['RECORDNO'], 'RECORDNO', uk.key)).length).toBe(1);
  });

  it("entities: a receipt belongs to its writer's entity; another entity's or a private entity's cannot be deposited", async () => {
    const uk = await raw(undepositedReceipt('30'), { entityId: 'UK' });
    expect(uk.status).toBe('success');
    expect(await receipt(uk.key)).toMatchObject({ MEGAENTITYID: 'UK', STATE: 'approved' });
    expect(
      (await query(g, 'OTHERRECEIPTSENTRY', ['RECORDKEY'], 'RECORDKEY', uk.key, 100, { entityId: 'UK' })).length,
    ).toBe(1);
    // From entity US the UK receipt is not there to deposit.
    const fromUs = await raw(depositOf([uk.key]), { entityId: 'US' });
    expect(fromUs.status).toBe('failure');
    expect(fromUs.errors.join(' ')).toMatch(new RegExp(`no OTHERRECEIPTS with RECORDNO '${uk.key}'`));
    expect(await receipt(uk.key)).toMatchObject({ STATE: 'approved', PARENTDEPOSITKEY: '' });

    // A private entity's receipt is not seen at the top level.
    const priv = await raw(undepositedReceipt('5'), { entityId: 'PRIV' });
    expect(priv.status).toBe('success');
    const privAtTop = await raw(depositOf([priv.key]));
    expect(privAtTop.errors.join(' ')).toMatch(new RegExp(`no OTHERRECEIPTS with RECORDNO '${priv.key}'`));

    // At the top level a deposit of the UK's receipt is the UK's deposit; receipts of two entities cannot go together.
    const us = await raw(undepositedReceipt('7'), { entityId: 'US' });
    const mixed = await raw(depositOf([uk.key, us.key], UK_BANK));
    expect(mixed.errors.join(' ')).toMatch(/belongs to entity US/);
    // A receipt or deposit follows its bank account's entity: the UK account cannot be used from entity US, and a
    // top-level receipt into it is the UK's.
    const usIntoUk = await raw(
      undepositedReceipt('2', '').replace(
        `<undepglaccountno>${undeposited}</undepglaccountno>`,
        `<bankaccountid>${UK_BANK}</bankaccountid>`,
      ),
      { entityId: 'US' },
    );
    expect(usIntoUk.errors.join(' ')).toMatch(/belongs to entity UK, and this request works in entity US/);
    const topIntoUk = await raw(
      undepositedReceipt('2', '').replace(
        `<undepglaccountno>${undeposited}</undepglaccountno>`,
        `<bankaccountid>${UK_BANK}</bankaccountid>`,
      ),
    );
    expect(await receipt(topIntoUk.key)).toMatchObject({
      MEGAENTITYID: 'UK',
      STATE: 'deposited',
      FINANCIALENTITY: UK_BANK,
    });
    const top = await raw(depositOf([uk.key], UK_BANK, 'UK slip'));
    expect(top.status).toBe('success');
    expect(await deposit(top.key)).toMatchObject({ MEGAENTITYID: 'UK', TOTALENTERED: '30' });
    const [line] = await query(g, 'DEPOSITENTRY', ['RECORDNO'], 'RECORDKEY', top.key, 100, { entityId: 'UK' });
    expect(line).toBeDefined();
    expect(await query(g, 'DEPOSITENTRY', ['RECORDNO'], 'RECORDKEY', top.key, 100, { entityId: 'US' })).toEqual([]);
  });

  it('REST POST other-receipt with lines and deposit with details', async () => {
    const base = `http://127.0.0.1:${g.port}/ia/api/v1/objects/cash-management`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const post = (object: string, body: unknown) =>
      fetch(`${base}/${object}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const keyOf = async (res: Response) => ((await res.json()) as { 'ia::result': { key: string } })['ia::result'].key;
    const res = await post('other-receipt', {
      payer: 'John Smith',
      txnDate: '2026-11-21',
      txnPaidDate: '2026-11-21',
      txnNumber: '22365',
      paymentMethod: 'creditCard',
      undepositedGLAccount: { id: undeposited },
      description: 'Refund for overpayment',
      lines: [
        { glAccount: { id: account }, txnAmount: '100.99', description: 'Cash receipt for rental' },
        { glAccount: { id: account }, txnAmount: '0.01' },
      ],
    });
    expect(res.status).toBe(201);
    const key = await keyOf(res);
    expect(await receipt(key)).toMatchObject({
      PAYMENTMETHOD: 'Credit Card',
      RECORDID: '22365',
      STATE: 'approved',
      TOTALENTERED: '101',
    });
    expect((await restGet(g, catalog.require('OTHERRECEIPTS'), key, token))!).toMatchObject({
      state: 'approved',
      paymentMethod: 'creditCard',
      undepositedGLAccount: { id: undeposited },
    });
    // The deposit's shape in the OpenAPI: its bank account, date, slip ID and the receipts as `details` by id.
    const depositBody = (slip: string, detail: Record<string, string>) => ({
      depositId: slip,
      txnDate: '2026-11-21',
      bankAccount: { id: US_BANK },
      details: [detail],
    });
    const dep = await post('deposit', depositBody('Deposit slip 11/21/2026', { id: key }));
    expect(dep.status).toBe(201);
    const depKey = await keyOf(dep);
    expect(await deposit(depKey)).toMatchObject({ TOTALENTERED: '101', FINANCIALENTITY: US_BANK });
    expect((await restGet(g, catalog.require('OTHERRECEIPTS'), key, token))!).toMatchObject({
      state: 'deposited',
      parentDeposit: { key: depKey },
    });
    const again = await post('deposit', depositBody('x', { id: key }));
    expect(again.status).toBe(422);
    expect(JSON.stringify(await again.json())).toMatch(/already deposited/);
    const readOnly = await post('deposit', depositBody('y', { id: key, payee: 'x' }));
    expect(readOnly.status).toBe(422);
    const patch = await fetch(`${base}/other-receipt/${key}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ description: 'x' }),
    });
    expect(patch.status).toBe(422);
    const bare = await post('other-receipt', {
      payer: 'x',
      txnDate: '2026-11-21',
      undepositedGLAccount: { id: undeposited },
    });
    expect(bare.status).toBe(422);
  });
});
