// Adds enum values and relationships to the catalog's objects with 4 fields or more (issue 16) from two fetched source
// repositories, so the extraction can be redone. The build and the tests never need the sources: the result is written
// into catalog/<module>/<OBJECT>.json, which stays the source of truth.
//
//   node scripts/extract-relationships-and-enums.mjs <russellkt/intacct-mcp-server git dir> <dgaretz-oss/intacct-mcp git dir> [--dry-run]
//
// (the git dirs `fetch` returns, e.g. /work/.mirror/russellkt+intacct-mcp-server/repo). Facts taken:
// - Enums, XML spelling: Intacct's XML reference (russellkt docs/<page>.md, the page each object names in its sources).
//   A text field gets an enum when a parameter-table row of the object (tables after a row naming the object, up to the
//   next `###` heading) says "Use `A`, `B` or `C`" (two values or more, not true/false, not formats or field names).
//   Legacy readByQuery tables ("Use `P` for In progress, `C` for Cancelled") give the one-letter codes: matched to the
//   labels by spelling, or, when no create/update row lists the values, the labels themselves.
// - Enums, REST spelling: the value of the field's REST leaf in the REST reference's examples (dgaretz docs/rest/<app>.md)
//   when it spells one of the labels (letters and digits, any case); otherwise the label in lower camel case, marked
//   `enumRestSpellingsInferred` (the OpenAPI, spec/*.json of lorenz-bus-service/node-intacct-rest-api, has the enums but
//   cannot be fetched here: it is readable only page by page). Enums a data file already declares are left alone.
// - Relationships: a field whose name names another object's ID (REFERENCES below: VENDORID, CUSTOMERID, …, lines'
//   header IDs and keys) gets a many-to-one relationship to that object, when the target and its field exist and the
//   two fields' types agree (a text …KEY field pointing at an integer record number becomes integer: Intacct's keys are
//   record numbers). Relationships the data file already declares (by local field) are left alone. The XML OBJECTPATH
//   is the target's name (the local field's stem when two fields point at one object) and carries `xmlPathInferred`;
//   the REST path is the prefix of the local field's REST path (`contract` for `contract.id`) when the target has a
//   REST name, else null.
// Objects owned by other work (expenses, adjustments, deposits, other receipts, supporting documents, batches) and the
// objects with 3 fields or fewer are not touched.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadData, moduleOf } from './build-catalog.mjs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dryRun = process.argv.includes('--dry-run');
const [russellkt, dgaretz] = args;
if (!russellkt || !dgaretz) {
  console.error(
    'usage: node scripts/extract-relationships-and-enums.mjs <russellkt git dir> <dgaretz git dir> [--dry-run]',
  );
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const showCache = new Map();
function show(gitDir, path) {
  const k = `${gitDir}:${path}`;
  if (!showCache.has(k)) {
    try {
      showCache.set(k, execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${path}`], { encoding: 'utf8' }));
    } catch {
      showCache.set(k, null);
    }
  }
  return showCache.get(k);
}

/** Objects this extraction leaves to other work (issue 16 helpers) besides the thin ones. */
const EXCLUDED =
  /^(EEXPENSES|EEXPENSESITEM|EXPENSEADJUSTMENTS.*|EEACCOUNTLABEL|SUPDOC.*|APADJUSTMENT.*|ARADJUSTMENT.*|DEPOSIT.*|OTHERRECEIPTS.*|.*BATCH)$/;

// ---------------------------------------------------------------------------------------------------------------
// Relationships: local field name → [target object, target field]. `self` marks a parent pointer (hierarchical).

const GL = ['GLACCOUNT', 'ACCOUNTNO'];
const RATETABLE = ['RATETABLE', 'RATETABLEID'];
const BUDGET = ['GLBUDGETHEADER', 'BUDGETID'];
const REFERENCES = {
  VENDORID: ['VENDOR', 'VENDORID'],
  CUSTOMERID: ['CUSTOMER', 'CUSTOMERID'],
  EMPLOYEEID: ['EMPLOYEE', 'EMPLOYEEID'],
  PROJECTMANAGERID: ['EMPLOYEE', 'EMPLOYEEID'],
  MANAGERID: ['EMPLOYEE', 'EMPLOYEEID'],
  DEPARTMENTID: ['DEPARTMENT', 'DEPARTMENTID'],
  LOCATIONID: ['LOCATION', 'LOCATIONID'],
  CLASSID: ['CLASS', 'CLASSID'],
  PROJECTID: ['PROJECT', 'PROJECTID'],
  PROJECTKEY: ['PROJECT', 'RECORDNO'],
  VENDORKEY: ['VENDOR', 'RECORDNO'],
  TASKID: ['TASK', 'TASKID'],
  TASKKEY: ['TASK', 'RECORDNO'],
  ITEMID: ['ITEM', 'ITEMID'],
  ALTERNATEITEMID: ['ITEM', 'ITEMID'],
  WAREHOUSEID: ['WAREHOUSE', 'WAREHOUSEID'],
  ACCOUNTNO: GL,
  GLACCOUNTNO: GL,
  GLACCOUNT: GL,
  OFFSETGLACCOUNTNO: GL,
  UNDEPOSITEDACCOUNTNO: GL,
  BILLABLEACCTNO: GL,
  NONBILLABLEACCTNO: GL,
  OFFSETACCTNO: GL,
  CLOSINGACCOUNTNO: GL,
  ALTERNATIVEACCOUNT: GL,
  GLACCOUNTPURCHASEKEY: ['GLACCOUNT', 'RECORDNO'],
  GLACCOUNTSALEKEY: ['GLACCOUNT', 'RECORDNO'],
  ARADVANCEOFFSETACCTKEY: ['GLACCOUNT', 'RECORDNO'],
  CONTRACTID: ['CONTRACT', 'CONTRACTID'],
  COSTTYPEID: ['COSTTYPE', 'COSTTYPEID'],
  STANDARDCOSTTYPEID: ['STANDARDCOSTTYPE', 'STANDARDCOSTTYPEID'],
  STANDARDTASKID: ['STANDARDTASK', 'STANDARDTASKID'],
  PJESTIMATEID: ['PJESTIMATE', 'PJESTIMATEID'],
  PJESTIMATETYPENAME: ['PJESTIMATETYPE', 'NAME'],
  PROJECTCONTRACTID: ['PROJECTCONTRACT', 'PROJECTCONTRACTID'],
  PROJECTCONTRACTLINEID: ['PROJECTCONTRACTLINE', 'PROJECTCONTRACTLINEID'],
  PROJECTCONTRACTTYPEID: ['PROJECTCONTRACTTYPE', 'PROJECTCONTRACTTYPEID'],
  PROJECTCHANGEORDERID: ['PROJECTCHANGEORDER', 'PROJECTCHANGEORDERID'],
  CHANGEREQUESTID: ['CHANGEREQUEST', 'CHANGEREQUESTID'],
  CHANGEREQUESTSTATUSNAME: ['CHANGEREQUESTSTATUS', 'NAME'],
  CHANGEREQUESTTYPENAME: ['CHANGEREQUESTTYPE', 'NAME'],
  ACCUMULATIONTYPENAME: ['ACCUMULATIONTYPE', 'NAME'],
  COMPLIANCEDEFINITIONID: ['COMPLIANCEDEFINITION', 'COMPLIANCEDEFINITIONID'],
  COMPLIANCETYPEID: ['COMPLIANCETYPE', 'COMPLIANCETYPEID'],
  RATETABLEID: RATETABLE,
  APRATETABLEID: RATETABLE,
  CCRATETABLEID: RATETABLE,
  DEFAULTRATETABLEID: RATETABLE,
  EERATETABLEID: RATETABLE,
  GLRATETABLEID: RATETABLE,
  PORATETABLEID: RATETABLE,
  TSRATETABLEID: RATETABLE,
  GLBUDGETID: BUDGET,
  BUDGETID: BUDGET,
  APPROVEDGLBUDGETID: BUDGET,
  FORECASTGLBUDGETID: BUDGET,
  ORIGINALGLBUDGETID: BUDGET,
  OTHERGLBUDGETID: BUDGET,
  PENDINGGLBUDGETID: BUDGET,
  REVISIONGLBUDGETID: BUDGET,
  ALLOCATIONKEY: ['ALLOCATION', 'RECORDNO'],
  AISLEID: ['AISLE', 'AISLEID'],
  BINSIZEID: ['BINSIZE', 'SIZEID'],
  FACEID: ['BINFACE', 'FACEID'],
  ZONEID: ['ZONE', 'ZONEID'],
  BINKEY: ['BIN', 'RECORDNO'],
  CYCLECOUNTID: ['ICCYCLECOUNT', 'CYCLECOUNTID'],
  ICWQORDERID: ['InventoryWQOrder', 'ICWQORDERID'],
  TYPENAME: ['EXCHANGERATETYPES', 'NAME'],
  RETAINAGEBILLKEY: ['APBILL', 'RECORDNO'],
  RETAINAGEBILLITEMKEY: ['APBILLITEM', 'RECORDNO'],
  RETAINAGEINVOICEKEY: ['ARINVOICE', 'RECORDNO'],
  RETAINAGEINVOICEITEMKEY: ['ARINVOICEITEM', 'RECORDNO'],
  APBILLKEY: ['APBILL', 'RECORDNO'],
  CONTRACTTYPEID: ['CONTRACTTYPE', 'NAME'],
  CUSTOMERGROUPID: ['CUSTOMERGROUP', 'ID'],
  DEPARTMENTGROUPID: ['DEPARTMENTGROUP', 'ID'],
  EMPLOYEEGROUPID: ['EMPLOYEEGROUP', 'ID'],
  LOCATIONGROUPID: ['LOCATIONGROUP', 'ID'],
  PROJECTGROUPID: ['PROJECTGROUP', 'ID'],
  CLASSGROUPID: ['CLASSGROUP', 'ID'],
  ITEMGROUPID: ['ITEMGROUP', 'ID'],
  CONTRACTGROUPID: ['CONTRACTGROUP', 'ID'],
  CUSTOMERTYPEID: ['CUSTTYPE', 'NAME'],
  PROJECTTYPEID: ['PROJECTTYPE', 'NAME'],
  TERMNAME: ['ARTERM', 'NAME'],
  TIMETYPENAME: ['TIMETYPE', 'NAME'],
  EMPPOSITIONID: ['EMPLOYEEPOSITION', 'POSITIONID'],
  USERID: ['USERINFO', 'LOGINID'],
  LOGINID: ['USERINFO', 'LOGINID'],
  TAXSOLUTIONID: ['TAXSOLUTION', 'SOLUTIONID'],
  ACHBANKID: ['ACHBANK', 'ACHBANKID'],
  BANKACCOUNTID: ['CHECKINGACCOUNT', 'BANKACCOUNTID'],
  BILLINGTEMPLATENAME: ['CONTRACTBILLINGTEMPLATE', 'NAME'],
  RENEWALBILLINGTEMPLATENAME: ['CONTRACTBILLINGTEMPLATE', 'NAME'],
  REVENUETEMPLATENAME: ['CONTRACTREVENUETEMPLATE', 'NAME'],
  REVENUE2TEMPLATENAME: ['CONTRACTREVENUETEMPLATE', 'NAME'],
  TEMPLATENAME: ['CONTRACTEXPENSETEMPLATE', 'NAME'],
  TEMPLATE2NAME: ['CONTRACTEXPENSETEMPLATE', 'NAME'],
  PRICELISTNAME: ['CONTRACTPRICELIST', 'NAME'],
  PRODUCTLINEID: ['PRODUCTLINE', 'PRODUCTLINEID'],
  CUSTREPID: ['EMPLOYEE', 'EMPLOYEEID'],
  SUPERVISORID: ['EMPLOYEE', 'EMPLOYEEID'],
  PARENTID: 'self',
  PARENTKEY: 'self',
};

/**
 * References one object's field names make only there (the XML reference's parameter tables say what they hold); a
 * third element names the relationship where the field's stem would not.
 */
const OBJECT_REFERENCES = {
  'APPYMTDETAIL.RECORDKEY': ['APBILL', 'RECORDNO', 'APBILL'], // "Bill record number"
  'APPYMTDETAIL.ENTRYKEY': ['APBILLITEM', 'RECORDNO'], // "Bill line record number"
  'APPYMTDETAIL.INLINEKEY': ['APBILL', 'RECORDNO'], // "Negative bill transaction record number"
  'APPYMTDETAIL.POSADJKEY': ['APADJUSTMENT', 'RECORDNO'], // "Credit memo record number"
  'APPYMTDETAIL.ADJUSTMENTKEY': ['APADJUSTMENT', 'RECORDNO'], // "Debit memo record number"
  'GLACCTALLOCATIONRUN.GLACCTALLOCATION': ['GLACCTALLOCATION', 'ACCTALLOCATIONID'], // "Account allocation ID"
};

/** Field names that are an object's own ID there, or name something else than the object REFERENCES would say. */
const NOT_REFERENCES = new Set([
  'STATACCOUNT.ACCOUNTNO', // the statistical account's own number, not a GL account
  'CHECKINGACCOUNT.BANKACCOUNTID', // its own ID
  'LOCATIONENTITY.LOCATIONID', // the entity's own ID
  'GLACCOUNTBALANCE.ACCOUNTNO', // related to GLACCOUNT already, through ACCOUNTREC
  // References the hand-written demo generators fill with values the related object lacks (measured with
  // test/demo-data.test.ts): left until those generators follow them.
  'ARINVOICEITEM.WAREHOUSEID', // WH-UK, not a WAREHOUSE row
  'CUSTOMER.CUSTREPID', // an employee of another entity than the customer's
  'ITEM.PRODUCTLINEID', // product lines the PRODUCTLINE rows do not hold
  'EARNINGTYPE.NONBILLABLEACCTNO', // 6100, not a GLACCOUNT row
]);

// ---------------------------------------------------------------------------------------------------------------
// The XML reference's parameter tables.

const unescapeCell = (s) => s.replaceAll('\\_', '_').replaceAll('\\*', '*').replaceAll('`', '').trim();

/** Per object: field → the descriptions of its parameter-table rows (create/update first, then legacy query tables). */
function tableRows(text, objectNames) {
  const rows = new Map(); // object → field → [descriptions]
  let current = null;
  // A cell may hold a bullet list over several lines: join them to the row (bullets kept as `\n* …`).
  const lines = [];
  let open = null;
  for (const raw of text.split('\n')) {
    if (open !== null) {
      open += `\n${raw}`;
      if (raw.trim().endsWith('|')) {
        lines.push(open);
        open = null;
      }
      continue;
    }
    if (raw.startsWith('| ') && !raw.trim().endsWith('|')) open = raw;
    else lines.push(raw);
  }
  for (const line of lines) {
    if (/^#{1,3} /.test(line)) {
      current = null;
      continue;
    }
    const caption = /^(?:`|\*\*)([A-Za-z][A-Za-z0-9_]*)(?:`|\*\*)$/.exec(line.trim());
    if (caption && objectNames.has(unescapeCell(caption[1]).toUpperCase())) {
      current = unescapeCell(caption[1]).toUpperCase();
      continue;
    }
    if (!line.startsWith('|')) continue;
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length < 4) continue;
    const [name, , type, description] = cells;
    const id = unescapeCell(name);
    const used = /^Use `([A-Za-z_]+)`/.exec(description ?? '');
    if (id === 'object' && used && objectNames.has(used[1].toUpperCase())) {
      current = used[1].toUpperCase();
      continue;
    }
    if (objectNames.has(id.toUpperCase()) && /object|array/i.test(type)) {
      current = id.toUpperCase();
      continue;
    }
    const inType = /(?:array of|of) `?([A-Z][A-Z0-9_]+)`?/.exec(type ?? '');
    if (inType && objectNames.has(inType[1])) {
      current = inType[1];
      continue;
    }
    if (!current || !/^[A-Z][A-Z0-9_.]*$/.test(id)) continue;
    if (!rows.has(current)) rows.set(current, new Map());
    const byField = rows.get(current);
    if (!byField.has(id)) byField.set(id, []);
    byField.get(id).push(description ?? '');
  }
  return rows;
}

const BOOLEAN_WORDS = new Set(['true', 'false', 't', 'f', 'yes', 'no', '0', '1']);

const BULLET = /^\*\s+`([^`]+)`(?:\s*-+\s*(.+))?$/;
const bullets = (description) =>
  description
    .split('\n')
    .map((l) => BULLET.exec(l.trim()))
    .filter(Boolean)
    .map((m) => ({ token: m[1].trim(), label: m[2]?.trim().replace(/\.$/, '') ?? null }));

/** `X` for Label pairs (codes), or null. */
function codePairs(description) {
  const listed = bullets(description);
  if (listed.length >= 2 && listed.every((b) => b.label && b.token.length <= 3))
    return listed.map((b) => ({ code: b.token, label: b.label }));
  const pairs = [];
  for (const m of description.matchAll(/`([^`]{1,3})` for ([A-Za-z][^,;`()]*?)(?=,|;|\.(?:\s|$)| or |$|\))/g)) {
    pairs.push({ code: m[1].trim(), label: m[2].trim().replace(/\.$/, '') });
  }
  return pairs.length >= 2 ? pairs : null;
}

/** The values of the first "Use `A`, `B` or `C`" sentence, or null. */
function listedValues(description, fieldNames) {
  const listed = bullets(description);
  if (listed.length >= 2 && !listed.every((b) => b.label && b.token.length <= 3))
    return checkedValues(
      listed.map((b) => b.token),
      fieldNames,
    );
  const sentence =
    /\b(?:Use|Valid values(?: are)?|Either|One of)\b(?:\s+(?:either|one of))?:?\s+(`[^`]+`(?:`[^`]*`|[^.`]|\.(?!\s))*)/i.exec(
      description,
    );
  if (!sentence) return null;
  const part = sentence[1];
  if (codePairs(part)) return null; // "`A` for Label": codes, read by codePairs
  return checkedValues(
    [...part.matchAll(/`([^`]+)`/g)].map((m) => m[1].trim()),
    fieldNames,
  );
}

/** Values that spell an enum: two or more, not true/false, not formats, numbers or field names. */
function checkedValues(values, fieldNames) {
  if (values.length < 2) return null;
  if (values.every((v) => BOOLEAN_WORDS.has(v.toLowerCase()))) return null;
  for (const v of values) {
    if (/yyyy|mm\/dd|^\d+$|[<>{}]/.test(v)) return null;
    if (fieldNames.has(v) || /^[A-Z][A-Z0-9_]{3,}$/.test(v)) return null;
  }
  return [...new Set(values)];
}

/** Lower camel case of a label: "In progress" → inProgress, "Don’t allow overage" → dontAllowOverage. */
function camel(label) {
  const words = label
    .replace(/[’']/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words
    .map((w, i) =>
      i === 0
        ? w.replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (lead) => lead.toLowerCase())
        : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join('');
}
const norm = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Every `"leaf": "value"` string pair of a REST reference page. */
function restValues(text) {
  const byLeaf = new Map();
  for (const m of text.matchAll(/"([A-Za-z0-9_]+)":\s*"([^"\n]{1,60})"/g)) {
    if (!byLeaf.has(m[1])) byLeaf.set(m[1], new Set());
    byLeaf.get(m[1]).add(m[2]);
  }
  return byLeaf;
}

// ---------------------------------------------------------------------------------------------------------------

const objects = loadData();
const byName = new Map(objects.map((o) => [o.xmlName.toUpperCase(), o]));
const objectNames = new Set(byName.keys());
const fieldOf = (o, id) => o.fields.find((f) => f.xmlId.toUpperCase() === id.toUpperCase());
/** XML label → REST spelling of the enums the data files declared before this run, where the label has one spelling. */
const knownSpellings = new Map();
for (const o of objects)
  for (const f of o.fields)
    for (const v of f.enumValues ?? []) {
      const k = norm(v.xml);
      const seen = knownSpellings.get(k);
      if (seen === undefined) knownSpellings.set(k, { rest: v.rest, from: `${o.xmlName}.${f.xmlId}` });
      else if (seen && seen.rest !== v.rest) knownSpellings.set(k, null);
    }
const report = { enums: [], relationships: [], skipped: [], typeChanges: [] };
const touched = new Set();

function inScope(o) {
  return o.fields.length >= 4 && !EXCLUDED.test(o.xmlName) && !o.isCustom;
}

function pageOf(o) {
  return (o.sources ?? []).map((s) => /^russellkt\/intacct-mcp-server:(docs\/.+\.md)$/.exec(s)?.[1]).find(Boolean);
}
function restPageOf(o) {
  return (o.sources ?? []).map((s) => /^dgaretz-oss\/intacct-mcp:(docs\/rest\/[^ ]+\.md)/.exec(s)?.[1]).find(Boolean);
}

for (const o of objects) {
  if (!inScope(o)) continue;
  const page = pageOf(o);
  const text = page ? show(russellkt, page) : null;
  if (!text) continue;
  const rows = tableRows(text, objectNames).get(o.xmlName.toUpperCase());
  if (!rows) continue;
  const restPage = restPageOf(o) ?? (o.restName ? `docs/rest/${o.restName.split('/')[0]}.md` : null);
  const restText = restPage ? show(dgaretz, restPage) : null;
  const examples = restText ? restValues(restText) : new Map();
  const fieldNames = new Set(o.fields.map((f) => f.xmlId));
  for (const f of o.fields) {
    if (f.enumValues || (f.type !== 'text' && f.type !== 'boolean')) continue;
    const descriptions = rows.get(f.xmlId.toUpperCase());
    if (!descriptions) continue;
    let labels = null;
    let codes = null;
    for (const d of descriptions) {
      labels ??= listedValues(d, fieldNames);
      codes ??= codePairs(d);
    }
    if (codes?.every((c) => BOOLEAN_WORDS.has(c.label.toLowerCase()))) codes = null;
    // Values a create/update row lists, then those only the legacy query table names (states a record reaches later).
    for (const c of codes ?? []) if (!labels?.some((l) => norm(l) === norm(c.label))) (labels ??= []).push(c.label);
    if (!labels) continue;
    // Long phrases are descriptions of the values, not their spellings (TAXDETAIL TAXTYPE's "AR invoices and …").
    if (labels.some((l) => l.length > 36 || l.split(/\s+/).length > 5)) {
      report.skipped.push(`${o.xmlName}.${f.xmlId}: values are described, not spelled (${labels.join(' | ')})`);
      continue;
    }
    if (f.type === 'boolean' && labels.every((l) => BOOLEAN_WORDS.has(l.toLowerCase()))) continue;
    const leaf = f.restPath ? f.restPath.split('.').at(-1) : null;
    const seen = leaf ? [...(examples.get(leaf) ?? [])] : [];
    const inferred = [];
    const borrowed = new Set();
    const values = labels.map((label) => {
      const code = codes?.find((c) => norm(c.label) === norm(label))?.code;
      const confirmed = seen.find((v) => norm(v) === norm(label));
      const known = knownSpellings.get(norm(label));
      if (!confirmed && known) borrowed.add(known.from);
      const rest = confirmed ?? known?.rest ?? camel(label);
      if (!confirmed && !known) inferred.push(label);
      return code ? { xml: label, rest, code } : { xml: label, rest };
    });
    if (values.some((v) => !v.rest)) continue;
    const before = f.type;
    f.type = 'enum';
    f.enumValues = values;
    if (inferred.length) f.enumRestSpellingsInferred = true;
    const notes = [
      `Enum from the XML reference (${page}${codes ? '; codes from its legacy query table' : ''})${before === 'boolean' ? ', which types the field boolean but lists these values' : ''}.`,
    ];
    const seenCount =
      labels.length -
      inferred.length -
      (borrowed.size ? values.filter((v) => !inferred.includes(v.xml) && !seen.includes(v.rest)).length : 0);
    if (seenCount > 0) notes.push(`REST spelling of ${seenCount} value(s) seen in ${restPage}'s examples.`);
    if (borrowed.size)
      notes.push(`REST spellings also as the catalog's ${[...borrowed].join(', ')} spell the same labels.`);
    if (inferred.length)
      notes.push(
        `REST spelling${inferred.length > 1 ? 's' : ''} of ${inferred.join(', ')} inferred (lower camel case of the label); the OpenAPI enum was not read.`,
      );
    f.note = f.note ? `${f.note} ${notes.join(' ')}` : notes.join(' ');
    report.enums.push(
      `${o.xmlName}.${f.xmlId}: ${values.map((v) => `${v.xml}/${v.rest}${v.code ? `/${v.code}` : ''}`).join(', ')}`,
    );
    touched.add(o);
  }
}

for (const o of objects) {
  if (!inScope(o)) continue;
  o.relationships ??= [];
  const declared = new Set(o.relationships.map((r) => r.relatedBy.local.toUpperCase()));
  const paths = new Set(o.relationships.map((r) => r.xmlPath.toUpperCase()));
  const restPaths = new Set(o.relationships.map((r) => r.restPath).filter(Boolean));
  const planned = [];
  for (const f of o.fields) {
    const id = f.xmlId.toUpperCase();
    const rule = OBJECT_REFERENCES[`${o.xmlName}.${id}`] ?? REFERENCES[id];
    if (!rule || declared.has(id) || NOT_REFERENCES.has(`${o.xmlName}.${id}`)) continue;
    let target;
    let relatedId;
    let hierarchical = false;
    if (rule === 'self') {
      if (o.relationships.some((r) => r.relatedObject === o.xmlName)) continue; // its parent pointer is declared
      target = o;
      relatedId = id === 'PARENTKEY' ? o.keyField : o.idField;
      hierarchical = true;
      if (!relatedId) {
        report.skipped.push(`${o.xmlName}.${f.xmlId}: parent pointer, but the object has no ID field`);
        continue;
      }
    } else {
      target = byName.get(rule[0].toUpperCase());
      relatedId = rule[1];
    }
    if (!target) {
      report.skipped.push(`${o.xmlName}.${f.xmlId}: no object ${rule[0]}`);
      continue;
    }
    if (target === o && !hierarchical) continue; // the object's own ID
    const related = fieldOf(target, relatedId);
    if (!related) {
      report.skipped.push(`${o.xmlName}.${f.xmlId}: ${target.xmlName} has no field ${relatedId}`);
      continue;
    }
    if (related.type !== f.type) {
      if (f.type === 'text' && related.type === 'integer' && /KEY$/.test(id)) {
        report.typeChanges.push(`${o.xmlName}.${f.xmlId}: text → integer (a record number of ${target.xmlName})`);
        f.type = 'integer';
        const note = `Typed integer: it holds a ${target.xmlName} record number (the XML reference gives no type or string).`;
        f.note = f.note ? `${f.note} ${note}` : note;
      } else {
        report.skipped.push(
          `${o.xmlName}.${f.xmlId} (${f.type}) → ${target.xmlName}.${related.xmlId} (${related.type}): types differ`,
        );
        continue;
      }
    }
    planned.push({ f, target, related, hierarchical, name: Array.isArray(rule) ? rule[2] : undefined });
  }
  const perTarget = new Map();
  for (const p of planned) perTarget.set(p.target.xmlName, (perTarget.get(p.target.xmlName) ?? 0) + 1);
  for (const { f, target, related, hierarchical, name } of planned) {
    const stem = f.xmlId.replace(/(ID|KEY|NO|NAME)$/, '') || f.xmlId;
    let xmlPath = name ?? (hierarchical ? 'PARENT' : perTarget.get(target.xmlName) > 1 ? stem : target.xmlName);
    if (paths.has(xmlPath.toUpperCase())) xmlPath = `${stem}_${target.xmlName}`;
    if (paths.has(xmlPath.toUpperCase())) {
      report.skipped.push(`${o.xmlName}.${f.xmlId}: relationship name ${xmlPath} taken`);
      continue;
    }
    paths.add(xmlPath.toUpperCase());
    const prefix = /^(.+)\.(id|key|name)$/.exec(f.restPath ?? '')?.[1] ?? null;
    const restPath = o.restName && target.restName && prefix && !restPaths.has(prefix) ? prefix : null;
    if (restPath) restPaths.add(restPath);
    o.relationships.push({
      xmlPath,
      restPath,
      relatedObject: target.xmlName,
      relatedBy: { local: f.xmlId, related: related.xmlId },
      kind: 'many-to-one',
      hierarchical,
      xmlPathInferred: true,
      note: `From the field name (scripts/extract-relationships-and-enums.mjs): ${f.xmlId} holds a ${target.xmlName} ${related.xmlId}${restPath ? `; REST path from the field's (${f.restPath})` : ''}. The XML OBJECTPATH name is not sourced (xmlPathInferred).`,
    });
    report.relationships.push(
      `${o.xmlName}.${xmlPath}: ${f.xmlId} → ${target.xmlName}.${related.xmlId}${restPath ? ` (REST ${restPath})` : ''}`,
    );
    touched.add(o);
  }
  if (o.relationships.length === 0) delete o.relationships;
}

for (const section of ['enums', 'relationships', 'typeChanges', 'skipped']) {
  console.log(`## ${section} (${report[section].length})`);
  for (const line of report[section]) console.log(line);
}
const without = objects.filter((o) => inScope(o) && !(o.relationships ?? []).length).map((o) => o.xmlName);
console.log(`## in-scope objects without relationships (${without.length}): ${without.join(', ')}`);
const noEnum = objects.filter((o) => inScope(o) && !o.fields.some((f) => f.type === 'enum')).map((o) => o.xmlName);
console.log(`## in-scope objects without enums (${noEnum.length}): ${noEnum.join(', ')}`);

if (!dryRun) {
  for (const o of touched) {
    const file = join(root, 'catalog', moduleOf(o), `${o.xmlName}.json`);
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    const out = { ...onDisk, fields: o.fields };
    if (o.relationships) out.relationships = o.relationships;
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  }
}
