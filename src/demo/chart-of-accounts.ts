// General-ledger setup: GL accounts with realistic numbers, account groups and journals.

import { dayOf } from './calendar.ts';
import type { DemoContext } from './demo-context.ts';
import { ENTITY } from './record-writer.ts';

/** What other generators post to: bill lines use expense accounts, invoice lines revenue accounts, and so on. */
export type AccountRole = 'cash' | 'ar' | 'ap' | 'card' | 'revenue' | 'expense' | 'cogs' | 'other';

type Kind = 'asset' | 'contra-asset' | 'liability' | 'equity' | 'revenue' | 'contra-revenue' | 'expense';
type AccountSeed = readonly [
  number: string,
  title: string,
  kind: Kind,
  category: string,
  role: AccountRole,
  entity?: string,
];

const DEMO_ACCOUNTS: readonly AccountSeed[] = [
  ['1000', 'Cash - Operating', 'asset', 'Cash and Cash Equivalents', 'cash'],
  ['1010', 'Cash - Payroll', 'asset', 'Cash and Cash Equivalents', 'cash'],
  ['1020', 'Cash - Savings', 'asset', 'Cash and Cash Equivalents', 'other'],
  ['1030', 'Petty Cash', 'asset', 'Cash and Cash Equivalents', 'other'],
  ['1050', 'Cash - Barclays GBP', 'asset', 'Cash and Cash Equivalents', 'cash', 'UK'],
  ['1060', 'Cash - EUR Account', 'asset', 'Cash and Cash Equivalents', 'cash', 'PRIV'],
  ['1100', 'Accounts Receivable', 'asset', 'Accounts Receivable', 'ar'],
  ['1110', 'Allowance for Doubtful Accounts', 'contra-asset', 'Accounts Receivable', 'other'],
  ['1150', 'Intercompany Receivable', 'asset', 'Inter Entity Receivable', 'other'],
  ['1200', 'Inventory', 'asset', 'Inventory', 'other'],
  ['1210', 'Inventory - Work in Progress', 'asset', 'Inventory', 'other'],
  ['1300', 'Prepaid Expenses', 'asset', 'Other Current Assets', 'other'],
  ['1310', 'Prepaid Insurance', 'asset', 'Other Current Assets', 'other'],
  ['1400', 'Other Current Assets', 'asset', 'Other Current Assets', 'other'],
  ['1500', 'Furniture and Equipment', 'asset', 'Fixed Assets', 'other'],
  ['1510', 'Computer Equipment', 'asset', 'Fixed Assets', 'other'],
  ['1520', 'Vehicles', 'asset', 'Fixed Assets', 'other'],
  ['1590', 'Accumulated Depreciation', 'contra-asset', 'Fixed Assets', 'other'],
  ['1600', 'Leasehold Improvements', 'asset', 'Fixed Assets', 'other'],
  ['2000', 'Accounts Payable', 'liability', 'Accounts Payable', 'ap'],
  ['2010', 'Credit Card Payable', 'liability', 'Accounts Payable', 'card'],
  ['2100', 'Accrued Liabilities', 'liability', 'Accrued Liabilities', 'other'],
  ['2110', 'Accrued Payroll', 'liability', 'Accrued Liabilities', 'other'],
  ['2150', 'Intercompany Payable', 'liability', 'Inter Entity Payable', 'other'],
  ['2200', 'Sales Tax Payable', 'liability', 'Other Current Liabilities', 'other'],
  ['2210', 'VAT Payable', 'liability', 'Other Current Liabilities', 'other', 'UK'],
  ['2300', 'Deferred Revenue', 'liability', 'Deferred Revenue', 'other'],
  ['2400', 'Customer Deposits', 'liability', 'Other Current Liabilities', 'other'],
  ['2500', 'Notes Payable - Current', 'liability', 'Short-term Debt', 'other'],
  ['2700', 'Long-term Debt', 'liability', 'Long-term Debt', 'other'],
  ['3000', 'Common Stock', 'equity', 'Equity', 'other'],
  ['3100', 'Additional Paid-in Capital', 'equity', 'Equity', 'other'],
  ['3200', 'Retained Earnings', 'equity', 'Retained Earnings', 'other'],
  ['3300', 'Distributions', 'equity', 'Equity', 'other'],
  ['4000', 'Product Revenue', 'revenue', 'Revenue', 'revenue'],
  ['4010', 'Service Revenue', 'revenue', 'Revenue', 'revenue'],
  ['4020', 'Subscription Revenue', 'revenue', 'Revenue', 'revenue'],
  ['4030', 'Consulting Revenue', 'revenue', 'Revenue', 'revenue'],
  ['4100', 'Shipping Revenue', 'revenue', 'Revenue', 'revenue'],
  ['4500', 'Sales Discounts', 'contra-revenue', 'Revenue', 'other'],
  ['4900', 'Other Income', 'revenue', 'Other Income', 'other'],
  ['5000', 'Cost of Goods Sold', 'expense', 'Cost of Sales', 'cogs'],
  ['5010', 'Freight In', 'expense', 'Cost of Sales', 'cogs'],
  ['5100', 'Direct Labor', 'expense', 'Cost of Sales', 'cogs'],
  ['5200', 'Subcontractor Costs', 'expense', 'Cost of Sales', 'cogs'],
  ['6000', 'Salaries and Wages', 'expense', 'Payroll Expense', 'other'],
  ['6010', 'Payroll Taxes', 'expense', 'Payroll Expense', 'other'],
  ['6020', 'Employee Benefits', 'expense', 'Payroll Expense', 'other'],
  ['6100', 'Contract Labor', 'expense', 'Operating Expenses', 'expense'],
  ['6200', 'Rent', 'expense', 'Occupancy', 'expense'],
  ['6210', 'Utilities', 'expense', 'Occupancy', 'expense'],
  ['6220', 'Telephone and Internet', 'expense', 'Operating Expenses', 'expense'],
  ['6300', 'Office Supplies', 'expense', 'Operating Expenses', 'expense'],
  ['6310', 'Software Subscriptions', 'expense', 'Operating Expenses', 'expense'],
  ['6400', 'Travel', 'expense', 'Travel and Entertainment', 'expense'],
  ['6410', 'Meals and Entertainment', 'expense', 'Travel and Entertainment', 'expense'],
  ['6500', 'Professional Fees', 'expense', 'Operating Expenses', 'expense'],
  ['6510', 'Legal Fees', 'expense', 'Operating Expenses', 'expense'],
  ['6600', 'Advertising and Marketing', 'expense', 'Sales and Marketing', 'expense'],
  ['6700', 'Insurance', 'expense', 'Operating Expenses', 'expense'],
  ['6800', 'Repairs and Maintenance', 'expense', 'Occupancy', 'expense'],
  ['6900', 'Depreciation Expense', 'expense', 'Operating Expenses', 'other'],
  ['7000', 'Bank Fees', 'expense', 'Other Expenses', 'expense'],
  ['7100', 'Interest Expense', 'expense', 'Other Expenses', 'other'],
  ['7900', 'Income Tax Expense', 'expense', 'Income Taxes', 'other'],
];

/** A UK-style nominal ledger for the second company. */
const DEMO2_ACCOUNTS: readonly AccountSeed[] = [
  ['1200', 'Bank Current Account', 'asset', 'Cash at Bank', 'cash'],
  ['1210', 'Bank Deposit Account', 'asset', 'Cash at Bank', 'other'],
  ['1100', 'Trade Debtors', 'asset', 'Debtors', 'ar'],
  ['1001', 'Stock', 'asset', 'Stock', 'other'],
  ['0030', 'Office Equipment', 'asset', 'Fixed Assets', 'other'],
  ['0031', 'Office Equipment Depreciation', 'contra-asset', 'Fixed Assets', 'other'],
  ['0050', 'Motor Vehicles', 'asset', 'Fixed Assets', 'other'],
  ['2100', 'Trade Creditors', 'liability', 'Creditors', 'ap'],
  ['2110', 'Company Credit Card', 'liability', 'Creditors', 'card'],
  ['2200', 'VAT Control', 'liability', 'Taxation', 'other'],
  ['2210', 'PAYE and NI', 'liability', 'Taxation', 'other'],
  ['3000', 'Share Capital', 'equity', 'Capital', 'other'],
  ['3200', 'Profit and Loss Reserve', 'equity', 'Capital', 'other'],
  ['4000', 'Sales - Goods', 'revenue', 'Turnover', 'revenue'],
  ['4010', 'Sales - Services', 'revenue', 'Turnover', 'revenue'],
  ['4900', 'Sundry Income', 'revenue', 'Other Income', 'other'],
  ['5000', 'Purchases', 'expense', 'Cost of Sales', 'cogs'],
  ['5100', 'Carriage Inwards', 'expense', 'Cost of Sales', 'cogs'],
  ['7000', 'Wages and Salaries', 'expense', 'Overheads', 'other'],
  ['7100', 'Rent and Rates', 'expense', 'Overheads', 'expense'],
  ['7200', 'Light and Heat', 'expense', 'Overheads', 'expense'],
  ['7300', 'Motor Expenses', 'expense', 'Overheads', 'expense'],
  ['7400', 'Travelling', 'expense', 'Overheads', 'expense'],
  ['7500', 'Printing and Stationery', 'expense', 'Overheads', 'expense'],
  ['7600', 'Legal and Professional', 'expense', 'Overheads', 'expense'],
  ['7700', 'Equipment Hire', 'expense', 'Overheads', 'expense'],
  ['7900', 'Bank Charges', 'expense', 'Overheads', 'expense'],
  ['8000', 'Depreciation', 'expense', 'Overheads', 'other'],
];

export function addChartOfAccounts(ctx: DemoContext): void {
  const rng = ctx.rng.fork('accounts');
  const seeds = ctx.multiEntity ? DEMO_ACCOUNTS : DEMO2_ACCOUNTS;
  for (const [number, title, kind, category, role, entity] of seeds) {
    const income = kind === 'revenue' || kind === 'contra-revenue' || kind === 'expense';
    const debit = kind === 'asset' || kind === 'expense' || kind === 'contra-revenue';
    ctx.add('GLACCOUNT', {
      RECORDNO: ctx.nextKey('GLACCOUNT'),
      [ENTITY]: entity ?? null,
      ACCOUNTNO: number,
      TITLE: title,
      ACCOUNTTYPE: income ? 'incomestatement' : 'balancesheet',
      NORMALBALANCE: debit ? 'debit' : 'credit',
      CLOSINGTYPE: income ? 'closing account' : 'non-closing account',
      CLOSINGACCOUNTNO: income ? '3200' : null,
      ALTERNATIVEACCOUNT: null,
      CATEGORY: category,
      STATUS: title === 'Petty Cash' ? 'inactive' : 'active',
      TAXABLE: role === 'revenue',
      SUBLEDGERCONTROLON: role === 'ar' || role === 'ap',
      REQUIREDEPT: kind === 'expense' && role === 'expense',
      REQUIRELOC: false,
      REQUIREPROJECT: number === '5200',
      REQUIRECUSTOMER: role === 'ar',
      REQUIREVENDOR: role === 'ap',
      REQUIREEMPLOYEE: false,
      REQUIREITEM: false,
      REQUIRECLASS: false,
      ...ctx.audit(rng, dayOf('2023-01-02') + rng.int(0, 30)),
    });
  }
  roles.set(
    ctx,
    seeds.map(([number, , , , role]) => ({ number, role })),
  );
  addAccountGroups(ctx);
  addJournals(ctx);
}

const roles = new WeakMap<DemoContext, { number: string; role: AccountRole }[]>();

/** Account numbers with a role (e.g. every expense account a bill line may use). */
export function accountsFor(ctx: DemoContext, role: AccountRole): string[] {
  return (roles.get(ctx) ?? []).filter((a) => a.role === role).map((a) => a.number);
}

function addAccountGroups(ctx: DemoContext): void {
  const rng = ctx.rng.fork('account-groups');
  // Keys 10–14 and 381–383 carry the names the REST seed's account-group examples return.
  const groups: [number, string, string, 'debit' | 'credit', boolean][] = ctx.multiEntity
    ? [
        [1, 'Balance Sheet', 'Groups', 'debit', false],
        [2, 'Assets', 'Groups', 'debit', false],
        [3, 'Current Assets', 'Groups', 'debit', false],
        [4, 'Cash and Cash Equivalents', 'Accounts', 'debit', false],
        [5, 'Liabilities', 'Groups', 'credit', false],
        [6, 'Current Liabilities', 'Accounts', 'credit', false],
        [7, 'Equity', 'Accounts', 'credit', false],
        [8, 'Income Statement', 'Groups', 'credit', false],
        [9, 'Revenue', 'Accounts', 'credit', false],
        [10, 'Accounts Receivable', 'Accounts', 'debit', false],
        [11, 'Inter Entity Receivable', 'Accounts', 'debit', false],
        [12, 'Inter Entity Receivable - ADV', 'Accounts', 'debit', false],
        [13, 'Other Receivable', 'Accounts', 'debit', false],
        [14, 'Other Current Assets', 'Accounts', 'debit', false],
        [15, 'Fixed Assets', 'Accounts', 'debit', false],
        [16, 'Cost of Sales', 'Accounts', 'debit', false],
        [17, 'Gross Profit', 'Computation', 'credit', true],
        [18, 'Operating Expenses', 'Category', 'debit', false],
        [19, 'Net Income', 'Computation', 'credit', true],
        [381, 'Customer Count End of Period', 'Statistical Accounts', 'debit', true],
        [382, 'Customer Churn Rate Net', 'Statistical Accounts', 'debit', true],
        [383, 'Existing Customers Kept', 'Statistical Accounts', 'debit', true],
        [384, 'Headcount by Department', 'Statistical Category', 'debit', true],
      ]
    : [
        [1, 'Fixed Assets', 'Accounts', 'debit', false],
        [2, 'Current Assets', 'Accounts', 'debit', false],
        [3, 'Creditors', 'Category', 'credit', false],
        [4, 'Turnover', 'Accounts', 'credit', false],
        [5, 'Overheads', 'Accounts', 'debit', false],
        [6, 'Net Profit', 'Computation', 'credit', true],
        [7, 'Balance Sheet', 'Groups', 'debit', false],
        [8, 'Active Customers', 'Statistical Accounts', 'debit', true],
        [9, 'Staff Numbers', 'Statistical Category', 'debit', true],
      ];
  for (const [key, name, memberType, normal, kpi] of groups) {
    ctx.add('GLACCTGRP', {
      RECORDNO: key,
      NAME: name,
      TITLE: name,
      TOTALTITLE: `Total ${name}`,
      NORMAL_BALANCE: normal,
      MEMBERTYPE: memberType,
      ISKPI: kpi,
      DBCR: normal === 'debit' ? 'Debit' : 'Credit',
      ...ctx.audit(rng, dayOf('2023-01-02') + rng.int(0, 30)),
    });
  }
}

function addJournals(ctx: DemoContext): void {
  const rng = ctx.rng.fork('journals');
  const journals: [string, string, boolean][] = ctx.multiEntity
    ? [
        ['GJ', 'General Journal', false],
        ['APJ', 'Accounts Payable Journal', false],
        ['ARJ', 'Accounts Receivable Journal', false],
        ['CDJ', 'Cash Disbursements Journal', false],
        ['CRJ', 'Cash Receipts Journal', false],
        ['PYRJ', 'Payroll Journal', false],
        ['ADJ', 'Adjustments Journal', true],
        ['OpDBB', 'Opening Balances', false],
        ['ASC606REVREC', 'Revenue Recognition (ASC 606)', false],
      ]
    : [
        ['NL', 'Nominal Ledger', false],
        ['PL', 'Purchase Ledger', false],
        ['SL', 'Sales Ledger', false],
        ['BANK', 'Bank Journal', false],
        ['YEA', 'Year End Adjustments', true],
      ];
  for (const [symbol, title, adj] of journals) {
    ctx.add('GLJOURNAL', {
      RECORDNO: ctx.nextKey('GLJOURNAL'),
      SYMBOL: symbol,
      TITLE: title,
      STATUS: symbol === 'OpDBB' ? 'inactive' : 'active',
      BOOKID: 'ACCRUAL',
      ADJ: adj,
      BILLABLE: symbol === 'GJ',
      ...ctx.audit(rng, dayOf('2023-01-02')),
    });
  }
}
