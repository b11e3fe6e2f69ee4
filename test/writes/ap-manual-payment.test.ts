// Manual AP payments: Intacct's legacy create_appayment ("Create Manual AP Payment (Legacy)"), a payment to a vendor out
// of a bank account or charge card whose payitems post to GL accounts instead of paying bills. Payloads as raw XML in
// the shapes clients send: the reference's own example (russellkt/intacct-mcp-server
// docs/accounts-payable-ap-payments.md: bankaccountid, vendorid, memo, checkdate, checkno, billno, one payitem with
// glaccountno, paymentamount and empty item1099/departmentid/locationid) and what the IntacctRB gem writes
// (apexdp/intacct lib/intacctrb/ap_payment.rb, IntacctRB::APPayment#ap_payment_xml: bankaccountid or chargecardid,
// vendorid, memo, paymentmethod, checkdate with unpadded month and day, checkno, billno, payitems of glaccountno,
// paymentamount and locationid). The official SDK has no class that sends create_appayment (its
// Functions/AccountsPayable/ApPayment* classes send create/update APPYMT and the *_appaymentrequest functions).
// Read back through query, read, readByQuery and REST GET accounts-payable/payment/{key}.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/databases.ts';
import { gatewayDatabase, type Gateway, type Login, startGateway } from '../xml/support/gateway-harness.ts';
import {
  catalog,
  first,
  postFunction,
  query,
  readAlike,
  restGet,
  restMismatches,
  restToken,
  type Rec,
} from './write-harness.ts';

const PAYMENT = [
  'RECORDNO',
  'FINANCIALENTITY',
  'VENDORID',
  'VENDORNAME',
  'PAYMENTMETHOD',
  'DOCNUMBER',
  'DESCRIPTION',
  'WHENCREATED',
  'WHENPAID',
  'STATE',
  'CURRENCY',
  'TOTALENTERED',
  'TOTALPAID',
  'TOTALDUE',
  'TRX_TOTALENTERED',
  'TRX_TOTALPAID',
  'TRX_TOTALDUE',
  'CLEARED',
  'PRBATCHKEY',
  'MEGAENTITYID',
];
// The demo company's checking accounts and cards (src/demo/cash-management.ts): US, UK.
const US_BANK = 'BOA-CHK-1000';
const UK_BANK = 'BARCLAYS-GBP-1050';
const US_CARD = 'AMEX-1001';
const cents = (v: string | undefined) => Math.round(Number(v ?? 0) * 100);

describe.each(BACKENDS)('manual AP payments (create_appayment) on %s', (backend) => {
  const { url, cleanup } = gatewayDatabase(backend);
  let g: Gateway;
  let token: string;
  let vendor: Rec;
  let account: string;
  beforeAll(async () => {
    g = await startGateway(url);
    token = await restToken(g);
    vendor = await first(g, 'VENDOR', ['VENDORID', 'NAME', 'TOTALDUE'], 'STATUS', 'active');
    account = (await first(g, 'GLACCOUNT', ['ACCOUNTNO'], 'ACCOUNTNO', '6000')).ACCOUNTNO!;
  });
  afterAll(async () => {
    await g?.close();
    await cleanup();
  });

  const raw = (fn: string, login: Login = {}) => postFunction(g, fn, login);

  /** The payment as query sees it, equal through read, readByQuery and REST GET accounts-payable/payment/{key}. */
  async function payment(key: string): Promise<Rec> {
    const row = await readAlike(g, 'APPYMT', PAYMENT, key);
    const o = catalog.require('APPYMT');
    expect(restMismatches(o, row, (await restGet(g, o, key, token))!)).toEqual([]);
    return row;
  }
  const vendorDue = async () =>
    cents((await query(g, 'VENDOR', ['TOTALDUE'], 'VENDORID', vendor.VENDORID!))[0]!.TOTALDUE);
  const paymentCount = async () => (await query(g, 'APPYMT', ['RECORDNO'], undefined, undefined, 2000)).length;

  /** The reference's create_appayment example, on the demo's bank account, vendor and an expense account. */
  const referenceExample = (extra = '', item = '') =>
    `<create_appayment><bankaccountid>${US_BANK}</bankaccountid><vendorid>${vendor.VENDORID}</vendorid>` +
    `<memo>Hello world</memo><checkdate><year>2016</year><month>12</month><day>31</day></checkdate>` +
    `<checkno>50</checkno><billno>11111</billno>${extra}<payitems><payitem><glaccountno>${account}</glaccountno>` +
    `<!--<accountlabel></accountlabel>--><paymentamount>1.99</paymentamount><item1099></item1099>` +
    `<departmentid></departmentid><locationid></locationid>${item}</payitem></payitems></create_appayment>`;

  /** The IntacctRB gem's ap_payment_xml: the date split by Date#year/month/day (no zero padding), nil values empty. */
  const gemPayload = (from: string, method: string, items: [string, string, string][]) =>
    `<create_appayment>${from}<vendorid>${vendor.VENDORID}</vendorid><memo/><paymentmethod>${method}</paymentmethod>` +
    `<checkdate><year>2026</year><month>3</month><day>5</day></checkdate><checkno>1042</checkno><billno/>` +
    `<payitems>${items
      .map(
        ([gl, amount, location]) =>
          `<payitem><glaccountno>${gl}</glaccountno><paymentamount>${amount}</paymentamount><locationid>${location}</locationid></payitem>`,
      )
      .join('')}</payitems></create_appayment>`;

  it("the reference's example: a Posted APPYMT out of the bank account, its amount paid in full, no bill paid", async () => {
    const due = await vendorDue();
    const r = await raw(referenceExample());
    expect(r.status, r.errors.join(' ')).toBe('success');
    // Legacy create functions answer the new record's key in <key>.
    expect(r.body).toMatch(new RegExp(`<key>${r.key}</key>`));
    expect(await payment(r.key)).toMatchObject({
      RECORDNO: r.key,
      FINANCIALENTITY: US_BANK,
      VENDORID: vendor.VENDORID,
      VENDORNAME: vendor.NAME,
      // paymentmethod is optional; out of a bank account ledgerq records a manual check.
      PAYMENTMETHOD: 'Manual Check',
      DOCNUMBER: '50',
      DESCRIPTION: 'Hello world',
      WHENCREATED: '12/31/2016',
      WHENPAID: '12/31/2016',
      STATE: 'Posted',
      TOTALENTERED: '1.99',
      TOTALPAID: '1.99',
      TOTALDUE: '0',
      TRX_TOTALENTERED: '1.99',
      TRX_TOTALPAID: '1.99',
      TRX_TOTALDUE: '0',
      CLEARED: 'Uncleared',
      MEGAENTITYID: 'US',
    });
    expect((await restGet(g, catalog.require('APPYMT'), r.key, token))!).toMatchObject({
      paymentMethod: 'manualCheck',
      txnDate: '2016-12-31',
      state: 'posted',
      financialEntity: { entityId: US_BANK },
    });
    // Paid to GL accounts, not to bills: the vendor's due does not move, and nothing was applied to a document.
    expect(await vendorDue()).toBe(due);
    // reverse_appayment (the same reference) reverses it; a generic delete removes it.
    const rev = await raw(
      `<reverse_appayment key="${r.key}"><datereversed><year>2017</year><month>01</month><day>02</day></datereversed></reverse_appayment>`,
    );
    expect(rev.status, rev.errors.join(' ')).toBe('success');
    expect(await payment(r.key)).toMatchObject({ STATE: 'Reversed', TOTALPAID: '0', TOTALDUE: '0' });
    const again = await raw(referenceExample());
    const del = await raw(`<delete><object>APPYMT</object><keys>${again.key}</keys></delete>`);
    expect(del.status, del.errors.join(' ')).toBe('success');
    expect(await query(g, 'APPYMT', ['RECORDNO'], 'RECORDNO', again.key)).toEqual([]);
  });

  it("the IntacctRB gem's payload: two payitems out of a bank account, and one out of a charge card (Credit)", async () => {
    const byCheck = await raw(
      gemPayload(`<bankaccountid>${US_BANK}</bankaccountid>`, 'Printed Check', [
        [account, '120.50', 'US'],
        [account, '9.5', ''],
      ]),
    );
    expect(byCheck.status, byCheck.errors.join(' ')).toBe('success');
    expect(await payment(byCheck.key)).toMatchObject({
      FINANCIALENTITY: US_BANK,
      PAYMENTMETHOD: 'Printed Check',
      DOCNUMBER: '1042',
      // <memo/> and <billno/> are elements not given.
      DESCRIPTION: '',
      WHENCREATED: '03/05/2026',
      TOTALENTERED: '130',
      TOTALPAID: '130',
      TOTALDUE: '0',
      STATE: 'Posted',
    });
    const byCard = await raw(
      gemPayload(`<chargecardid>${US_CARD}</chargecardid>`, 'Credit', [[account, '15.25', 'US']]),
    );
    expect(byCard.status, byCard.errors.join(' ')).toBe('success');
    expect(await payment(byCard.key)).toMatchObject({
      FINANCIALENTITY: US_CARD,
      PAYMENTMETHOD: 'Credit Card',
      TOTALENTERED: '15.25',
      MEGAENTITYID: 'US',
    });
    // Without paymentmethod a card payment is by credit card.
    const noMethod = await raw(gemPayload(`<chargecardid>${US_CARD}</chargecardid>`, '', [[account, '1', '']]));
    expect(await payment(noMethod.key)).toMatchObject({ PAYMENTMETHOD: 'Credit Card' });
    // void_appaymentrequest (the same reference) voids it like any payment.
    const voided = await raw(
      `<void_appaymentrequest><appaymentkeys><appaymentkey>${byCard.key}</appaymentkey></appaymentkeys></void_appaymentrequest>`,
    );
    expect(voided.status, voided.errors.join(' ')).toBe('success');
    expect(await payment(byCard.key)).toMatchObject({ STATE: 'Voided', TOTALPAID: '0', TOTALDUE: '0' });
  });

  it("every element of the reference's tables: dimensions, label, 1099, summary and currency checked, the rest not kept", async () => {
    const us: Login = { entityId: 'US' };
    const [task] = (await query(g, 'TASK', ['TASKID', 'PROJECTID'], undefined, undefined, 100, us)).filter(
      (t) => t.PROJECTID,
    );
    const pick = async (object: string, id: string) =>
      (await query(g, object, [id], undefined, undefined, 1, us))[0]![id]!;
    const v1099 = (await first(g, 'VENDOR', ['VENDORID'], 'FORM1099TYPE', 'NEC')).VENDORID!;
    const label = (await first(g, 'APACCOUNTLABEL', ['ACCOUNTLABEL'])).ACCOUNTLABEL!;
    const r = await raw(
      `<create_appayment><bankaccountid>${US_BANK}</bankaccountid><vendorid>${v1099}</vendorid><memo>All elements</memo>` +
        `<paymentmethod>EFT</paymentmethod><checkdate><year>2026</year><month>11</month><day>20</day></checkdate>` +
        `<batchkey>77</batchkey><checkno>EFT-9</checkno><billno>INV-553</billno><basepaymentamount>30</basepaymentamount>` +
        `<basecurr>USD</basecurr><currency>USD</currency><exchratedate><year>2026</year><month>11</month><day>20</day></exchratedate>` +
        `<exchratetype>Intacct Daily Rate</exchratetype><paymentexchratetype>Intacct Daily Rate</paymentexchratetype>` +
        `<payitems><payitem><glaccountno>${account}</glaccountno><paymentamount>20</paymentamount><item1099>true</item1099>` +
        `<departmentid>${await pick('DEPARTMENT', 'DEPARTMENTID')}</departmentid><locationid>US</locationid>` +
        `<projectid>${task!.PROJECTID}</projectid><taskid>${task!.TASKID}</taskid>` +
        `<costtypeid>${await pick('COSTTYPE', 'COSTTYPEID')}</costtypeid><customerid>${await pick('CUSTOMER', 'CUSTOMERID')}</customerid>` +
        `<vendorid>${v1099}</vendorid><employeeid>${await pick('EMPLOYEE', 'EMPLOYEEID')}</employeeid>` +
        `<itemid>${await pick('ITEM', 'ITEMID')}</itemid><classid>${await pick('CLASS', 'CLASSID')}</classid></payitem>` +
        `<payitem><accountlabel>${label}</accountlabel><paymentamount>10</paymentamount><item1099>false</item1099></payitem>` +
        `</payitems></create_appayment>`,
    );
    expect(r.status, r.errors.join(' ')).toBe('success');
    expect(await payment(r.key)).toMatchObject({
      VENDORID: v1099,
      PAYMENTMETHOD: 'EFT',
      DOCNUMBER: 'EFT-9',
      DESCRIPTION: 'All elements',
      CURRENCY: 'USD',
      PRBATCHKEY: '77',
      TOTALENTERED: '30',
      MEGAENTITYID: 'US',
    });
  });

  it('refuses what the reference does not list, naming the element, and what names no record; writes nothing then', async () => {
    const before = await paymentCount();
    const refused = async (fn: string, message: RegExp) => {
      const r = await raw(fn);
      expect(r.status, fn).toBe('failure');
      expect(r.errors.join(' '), fn).toMatch(/Could not create APPYMT record/);
      expect(r.errors.join(' '), fn).toMatch(message);
    };
    // Elements outside the reference's tables, in the header and in a payitem (contractid is not in its payitem table).
    await refused(referenceExample('<nosuchthing>1</nosuchthing>'), /nosuchthing is not a field of create_appayment/);
    await refused(referenceExample('', '<contractid>C1</contractid>'), /contractid is not a field of payitem/);
    await refused(referenceExample('<payitems><lineitem/></payitems>'), /lineitem is not a payitem of payitems/);
    // Records the payment names.
    await refused(
      referenceExample().replace(`<vendorid>${vendor.VENDORID}</vendorid>`, '<vendorid>NO-SUCH-VENDOR</vendorid>'),
      /Invalid VENDORID 'NO-SUCH-VENDOR' specified: no VENDOR with VENDORID 'NO-SUCH-VENDOR'/,
    );
    await refused(
      referenceExample().replace(US_BANK, 'NO-SUCH-BANK'),
      /no CHECKINGACCOUNT or SAVINGSACCOUNT with BANKACCOUNTID 'NO-SUCH-BANK'/,
    );
    await refused(
      gemPayload('<chargecardid>NO-SUCH-CARD</chargecardid>', 'Credit', [[account, '1', '']]),
      /no CREDITCARD with CARDID 'NO-SUCH-CARD'/,
    );
    await refused(
      referenceExample().replace(`<glaccountno>${account}</glaccountno>`, '<glaccountno>99999</glaccountno>'),
      /Invalid ACCOUNTNO '99999' specified: no GLACCOUNT with ACCOUNTNO '99999'/,
    );
    await refused(
      referenceExample().replace('<departmentid></departmentid>', '<departmentid>NO-DEPT</departmentid>'),
      /no DEPARTMENT with DEPARTMENTID 'NO-DEPT'/,
    );
    await refused(
      referenceExample().replace('<!--<accountlabel></accountlabel>-->', '<accountlabel>No such label</accountlabel>'),
      /no APACCOUNTLABEL with ACCOUNTLABEL 'No such label'/,
    );
    // Required elements, amounts, and the reference's rules.
    await refused(referenceExample().replace('<checkno>50</checkno>', '<checkno></checkno>'), /checkno/);
    await refused(referenceExample().replace(/<checkdate>.*<\/checkdate>/, ''), /PAYMENTDATE of APPYMT is missing/);
    await refused(referenceExample().replace(/<vendorid>[^<]*<\/vendorid>/, ''), /VENDORID of APPYMT is missing/);
    await refused(referenceExample().replace(/<payitems>.*<\/payitems>/, '<payitems/>'), /at least one payitem/);
    await refused(
      referenceExample().replace(`<bankaccountid>${US_BANK}</bankaccountid>`, ''),
      /bankaccountid or chargecardid/,
    );
    await refused(referenceExample(`<chargecardid>${US_CARD}</chargecardid>`), /not both/);
    await refused(referenceExample().replace('1.99', 'abc'), /paymentamount of payitem 1: "abc" is not an amount/);
    await refused(referenceExample().replace('1.99', '0'), /must be more than zero/);
    await refused(
      referenceExample().replace(`<glaccountno>${account}</glaccountno>`, ''),
      /glaccountno or accountlabel/,
    );
    await refused(referenceExample('', '<taskid>1</taskid>'), /taskid of payitem 1 is given only with its projectid/);
    await refused(referenceExample('<paymentmethod>ACH</paymentmethod>'), /Invalid value for paymentmethod/);
    await refused(referenceExample('<batchkey>x</batchkey>'), /batchkey/);
    const no1099 = (await query(g, 'VENDOR', ['VENDORID', 'FORM1099TYPE'], 'STATUS', 'active')).find(
      (v) => !v.FORM1099TYPE,
    )!.VENDORID!;
    await refused(
      referenceExample()
        .replace(`<vendorid>${vendor.VENDORID}</vendorid>`, `<vendorid>${no1099}</vendorid>`)
        .replace('<item1099></item1099>', '<item1099>true</item1099>'),
      new RegExp(`needs a vendor set up for 1099s; vendor ${no1099} has no FORM1099TYPE`),
    );
    await refused(
      referenceExample().replace('<item1099></item1099>', '<item1099>maybe</item1099>'),
      /use true or false/,
    );
    expect(await paymentCount()).toBe(before);
  });

  it("entities: a payment follows its bank account's entity; another entity's account or dimension is refused", async () => {
    const top = await raw(referenceExample().replace(US_BANK, UK_BANK));
    expect(top.status, top.errors.join(' ')).toBe('success');
    expect(await payment(top.key)).toMatchObject({ MEGAENTITYID: 'UK', FINANCIALENTITY: UK_BANK });
    const fromUs = await raw(referenceExample().replace(US_BANK, UK_BANK), { entityId: 'US' });
    expect(fromUs.errors.join(' ')).toMatch(/belongs to entity UK, and this request works in entity US/);
    const ukLocation = await raw(
      referenceExample().replace('<locationid></locationid>', '<locationid>UK</locationid>'),
    );
    expect(ukLocation.status).toBe('failure');
    expect(ukLocation.errors.join(' ')).toMatch(/LOCATIONID 'UK' specified: that LOCATION belongs to entity UK/);
    // A read-only user writes nothing.
    const viewer = await raw(referenceExample(), { userId: 'viewer', password: 'viewer' });
    expect(viewer.errors.join(' ')).toMatch(/read-only permissions/);
  });
});
