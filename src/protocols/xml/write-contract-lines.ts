// hold / resume of a contract line's schedules: the elements the official SDK's ContractLineHold and
// ContractLineResume write, as Intacct's contract lines reference tables them
// (russellkt/intacct-mcp-server docs/contracts-rev-mgmt-contract-lines.md, "Hold Contract Line", "Resume Contract Line").

import { LedgerqError } from '../../errors.ts';
import { holdContractLine, type ScheduleHold } from '../../writes/contracts.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { keysXml, legacyWriter, writeFailed } from './write-functions.ts';
import { childText, type XmlElement } from './xml-tree.ts';

const COMMON = ['RECORDNO', 'ASOFDATE', 'BILLING', 'REVENUE', 'EXPENSE', 'MEMO'];
/** REVENUEADJUSTMENTTYPE (resume only) is accepted and not kept: ledgerq keeps no revenue schedules. */
const ELEMENTS: Readonly<Record<'hold' | 'resume', readonly string[]>> = {
  hold: COMMON,
  resume: [...COMMON, 'REVENUEADJUSTMENTTYPE'],
};

function flag(record: XmlElement, name: 'BILLING' | 'REVENUE' | 'EXPENSE'): boolean {
  const v = childText(record, name)?.trim().toLowerCase() ?? '';
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw new LedgerqError(
    'write.invalid-value',
    `Invalid value for ${name} of CONTRACTDETAIL: "${v}"; use true or false`,
    {
      object: 'CONTRACTDETAIL',
      field: name,
    },
  );
}

function schedules(action: 'hold' | 'resume') {
  return async (ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> => {
    const record = element.children[0];
    if (!record || element.children.length !== 1 || record.name.toUpperCase() !== 'CONTRACTDETAIL')
      throw new LedgerqError('parse.invalid-request', `${action} takes one CONTRACTDETAIL element`);
    const line = ctx.catalog.require('CONTRACTDETAIL');
    try {
      const extra = record.children.find((c) => !ELEMENTS[action].includes(c.name.toUpperCase()));
      if (extra)
        throw new LedgerqError(
          'write.unknown-field',
          `${extra.name} is not a parameter of ${action} CONTRACTDETAIL; it takes ${ELEMENTS[action].join(', ')}`,
          { object: line.xmlName, field: extra.name },
        );
      const recordNo = childText(record, 'RECORDNO')?.trim();
      if (!recordNo)
        throw new LedgerqError(
          'write.required-field',
          `Required field RECORDNO of CONTRACTDETAIL is missing for ${action}`,
          {
            object: line.xmlName,
            field: 'RECORDNO',
          },
        );
      const what: ScheduleHold = {
        asOfDate: childText(record, 'ASOFDATE')?.trim() || null,
        schedules: (['BILLING', 'REVENUE', 'EXPENSE'] as const).filter((s) => flag(record, s)),
        memo: childText(record, 'MEMO')?.trim() || null,
      };
      const key = await holdContractLine(legacyWriter(ctx), line, { by: 'key', value: recordNo }, action, what);
      return { kind: 'data', data: keysXml([key], ctx) };
    } catch (e) {
      throw writeFailed(action, line, e);
    }
  };
}

export const runHoldContractLine = schedules('hold');
export const runResumeContractLine = schedules('resume');
