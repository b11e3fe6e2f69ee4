// The functions this gateway serves, by element name; anything else is refused at the result level.

import { LedgerqError } from '../../errors.ts';
import type { GatewayFunction } from './envelope.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import {
  runCreateSupdoc,
  runCreateSupdocFolder,
  runDeleteSupdoc,
  runDeleteSupdocFolder,
  runLegacyGet,
  runLegacyGetList,
  runUpdateSupdoc,
  runUpdateSupdocFolder,
} from './attachment-functions.ts';
import { runGetDimensionRelationships, runGetDimensions } from './dimension-functions.ts';
import { checkFunctionElement } from './function-schemas.ts';
import {
  runDeleteOtherReceipt,
  runRecordDeposit,
  runRecordOtherReceipt,
  runUpdateOtherReceipt,
} from './write-cash-receipts.ts';
import { runCreateApPayment } from './write-ap-manual-payment.ts';
import { runCreateReimbursementRequest } from './write-reimbursement-request.ts';
import { runInspect, runLookup } from './object-definitions.ts';
import { runReadByQuery, runReadMore } from './paged-read.ts';
import { runQueryFunction } from './query-function.ts';
import { runCancel, runPromote } from './queue-functions.ts';
import { runRead, runReadByName } from './read-functions.ts';
import { runGetApiSession } from './session-function.ts';
import {
  runApplyArPayment,
  runCreateArPayment,
  runCreateBill,
  runCreateInvoice,
  runRecordCcTransaction,
  runReverseApPayment,
  runReverseArPayment,
  runReverseBill,
  runReverseCcTransaction,
  runReverseInvoice,
  runUpdateBill,
  runUpdateCcTransaction,
  runUpdateInvoice,
  runVoidApPayment,
} from './write-legacy-documents.ts';
import {
  runApprove,
  runApproveApPaymentRequest,
  runConfirmApPaymentRequest,
  runDecline,
  runDeclineApPaymentRequest,
  runSendApPaymentRequest,
} from './write-approvals.ts';
import {
  runCreateExpenseAdjustment,
  runCreateExpenseReport,
  runDeleteExpenseAdjustment,
  runDeleteExpenseReport,
  runReverseExpenseReport,
  runUpdateExpenseAdjustment,
  runUpdateExpenseReport,
} from './write-expense-reports.ts';
import { TRANSACTION_FUNCTIONS } from './write-legacy-transactions.ts';
import { runHoldContractLine, runResumeContractLine } from './write-contract-lines.ts';
import {
  runCreateApAdjustment,
  runCreateArAdjustment,
  runUpdateApAdjustment,
  runUpdateArAdjustment,
} from './write-adjustments.ts';
import {
  runCreateApAdjustmentBatch,
  runCreateArAdjustmentBatch,
  runCreateArPaymentBatch,
  runCreateBillBatch,
  runCreateExpenseReportBatch,
  runCreateInvoiceBatch,
} from './write-summaries.ts';
import {
  LEGACY_DELETE_FUNCTIONS,
  runCreate,
  runDelete,
  runLegacyContact,
  runLegacyDelete,
  runUpdate,
} from './write-functions.ts';
import type { XmlElement } from './xml-tree.ts';

type Handler = (ctx: FunctionContext, element: XmlElement) => Promise<FunctionOutcome>;

/** Element names are case-sensitive, as the SDK writes them (`readByQuery`, `getAPISession`). */
const HANDLERS: Readonly<Record<string, Handler>> = {
  getAPISession: runGetApiSession,
  query: runQueryFunction,
  readByQuery: runReadByQuery,
  readMore: runReadMore,
  read: runRead,
  readByName: runReadByName,
  lookup: runLookup,
  inspect: runInspect,
  create: runCreate,
  update: runUpdate,
  delete: runDelete,
  create_bill: runCreateBill,
  create_contact: runLegacyContact,
  update_contact: runLegacyContact,
  create_invoice: runCreateInvoice,
  create_arpayment: runCreateArPayment,
  update_bill: runUpdateBill,
  update_invoice: runUpdateInvoice,
  reverse_bill: runReverseBill,
  reverse_invoice: runReverseInvoice,
  create_appayment: runCreateApPayment,
  create_reimbursementrequest: runCreateReimbursementRequest,
  reverse_appayment: runReverseApPayment,
  reverse_arpayment: runReverseArPayment,
  apply_arpayment: runApplyArPayment,
  void_appaymentrequest: runVoidApPayment,
  approve_appaymentrequest: runApproveApPaymentRequest,
  decline_appaymentrequest: runDeclineApPaymentRequest,
  send_appaymentrequest: runSendApPaymentRequest,
  confirm_appaymentrequest: runConfirmApPaymentRequest,
  approve: runApprove,
  decline: runDecline,
  hold: runHoldContractLine,
  resume: runResumeContractLine,
  ...TRANSACTION_FUNCTIONS,
  record_cctransaction: runRecordCcTransaction,
  update_cctransaction: runUpdateCcTransaction,
  reverse_cctransaction: runReverseCcTransaction,
  record_otherreceipt: runRecordOtherReceipt,
  update_otherreceipt: runUpdateOtherReceipt,
  delete_otherreceipt: runDeleteOtherReceipt,
  record_deposit: runRecordDeposit,
  create_expensereport: runCreateExpenseReport,
  update_expensereport: runUpdateExpenseReport,
  reverse_expensereport: runReverseExpenseReport,
  delete_expensereport: runDeleteExpenseReport,
  create_expenseadjustmentreport: runCreateExpenseAdjustment,
  update_expenseadjustmentreport: runUpdateExpenseAdjustment,
  delete_expenseadjustmentreport: runDeleteExpenseAdjustment,
  create_apadjustment: runCreateApAdjustment,
  update_apadjustment: runUpdateApAdjustment,
  create_aradjustment: runCreateArAdjustment,
  update_aradjustment: runUpdateArAdjustment,
  create_billbatch: runCreateBillBatch,
  create_apadjustmentbatch: runCreateApAdjustmentBatch,
  create_aradjustmentbatch: runCreateArAdjustmentBatch,
  create_arpaymentbatch: runCreateArPaymentBatch,
  create_expensereportbatch: runCreateExpenseReportBatch,
  create_invoicebatch: runCreateInvoiceBatch,
  ...Object.fromEntries(LEGACY_DELETE_FUNCTIONS.map((name) => [name, runLegacyDelete])),
  create_supdoc: runCreateSupdoc,
  update_supdoc: runUpdateSupdoc,
  delete_supdoc: runDeleteSupdoc,
  create_supdocfolder: runCreateSupdocFolder,
  update_supdocfolder: runUpdateSupdocFolder,
  delete_supdocfolder: runDeleteSupdocFolder,
  get: runLegacyGet,
  get_list: runLegacyGetList,
  promote: runPromote,
  cancel: runCancel,
  getDimensions: runGetDimensions,
  getDimensionRelationships: runGetDimensionRelationships,
};

export const SERVED_FUNCTIONS: readonly string[] = Object.keys(HANDLERS);

export function runGatewayFunction(ctx: FunctionContext, fn: GatewayFunction): Promise<FunctionOutcome> {
  if (!fn.controlId) throw new LedgerqError('parse.invalid-request', '<function> needs a controlid attribute');
  if (!fn.element)
    throw new LedgerqError('parse.unknown-function', '<function> must hold exactly one function element');
  const handler = Object.hasOwn(HANDLERS, fn.name) ? HANDLERS[fn.name] : undefined;
  if (!handler) {
    throw new LedgerqError(
      'parse.unknown-function',
      `${fn.name} is not a function this gateway serves; it serves ${SERVED_FUNCTIONS.join(', ')}`,
      { function: fn.name },
    );
  }
  // parse → validate → bind: the handler lowers an element that follows its function's declaration.
  checkFunctionElement(fn.element);
  return handler(ctx, fn.element);
}
