// lookup and inspect: an object's definition as the seed shows it (Type, Fields, Relationships) and inspect's shorter
// and detailed forms.

import { documentView } from '../../catalog/catalog.ts';
import type { CatalogField, CatalogObject, FieldType } from '../../catalog/types.ts';
import { assertNever } from '../../errors.ts';
import { requireObject, type FunctionContext, type FunctionOutcome } from './function-context.ts';
import { childText, type XmlElement } from './xml-tree.ts';
import { el, escapeText, textEl } from './xml-writer.ts';

/** seed xml-query lookup: enums are TEXT with VALIDVALUES; RECORDNO is INTEGER. */
function dataType(t: FieldType): string {
  switch (t) {
    case 'text':
    case 'enum':
      return 'TEXT';
    case 'integer':
      return 'INTEGER';
    case 'decimal':
      return 'DECIMAL';
    case 'currency':
      return 'CURRENCY';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'TIMESTAMP';
    default:
      return assertNever(t);
  }
}

const visibleFields = (o: CatalogObject): CatalogField[] => o.fields.filter((f) => !f.hidden);
const bool = (b: boolean) => (b ? 'true' : 'false');

function lookupField(f: CatalogField): string {
  const valid =
    f.type === 'enum' && f.enumValues
      ? el('VALIDVALUES', f.enumValues.map((v) => textEl('VALIDVALUE', v.xml)).join(''))
      : '';
  // Element order of intacct-responses fact 27: VALIDVALUES sits between DATATYPE and ISCUSTOM.
  return el(
    'Field',
    textEl('ID', f.xmlId) +
      textEl('LABEL', f.label) +
      textEl('DESCRIPTION', f.description) +
      textEl('REQUIRED', bool(f.required)) +
      textEl('READONLY', bool(f.readOnly || f.derived !== null)) +
      textEl('DATATYPE', dataType(f.type)) +
      valid +
      textEl('ISCUSTOM', bool(f.isCustom)),
  );
}

export function lookupXml(o: CatalogObject, docparid: string): string {
  const relationships = o.relationships
    .map((r) =>
      el(
        'Relationship',
        textEl('OBJECTPATH', r.xmlPath) +
          textEl('OBJECTNAME', r.objectName) +
          textEl('LABEL', '') +
          textEl('RELATIONSHIPTYPE', r.kind === 'many-to-one' ? 'MANY2ONE' : 'ONE2MANY') +
          textEl('RELATEDBY', r.relatedBy.local),
      ),
    )
    .join('');
  return el('Type', el('Fields', visibleFields(o).map(lookupField).join('')) + el('Relationships', relationships), [
    ['Name', o.xmlName],
    ['DocumentType', docparid],
  ]);
}

export async function runLookup(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const o = requireObject(ctx, childText(element, 'object'), 'lookup');
  const docparid = o.docparid ? (childText(element, 'docparid') ?? '') : '';
  return {
    kind: 'data',
    data: el('data', lookupXml(documentView(o, docparid || null), docparid), [
      ['listtype', 'All'],
      ['count', 1],
    ]),
  };
}

/** inspect detail="1" names types as Intacct's platform does (intacct-responses fact 28). */
function platformType(t: FieldType): readonly [string, string] {
  switch (t) {
    case 'text':
    case 'enum':
      return ['Pt_FieldString', 'string'];
    case 'integer':
      return ['Pt_FieldInt', 'integer'];
    case 'decimal':
    case 'currency':
      return ['Pt_FieldDouble', 'number'];
    case 'boolean':
      return ['Pt_FieldBoolean', 'boolean'];
    case 'date':
    case 'datetime':
      return ['Pt_FieldDateTime', 'datetime'];
    default:
      return assertNever(t);
  }
}

function inspectDetail(o: CatalogObject): string {
  const fields = visibleFields(o)
    .map((f, i) => {
      const [dataName, external] = platformType(f.type);
      return el(
        'Field',
        textEl('Name', f.xmlId) +
          textEl('GroupName', '') +
          textEl('dataName', dataName) +
          textEl('externalDataName', external) +
          textEl('isRequired', bool(f.required)) +
          textEl('isReadOnly', bool(f.readOnly || f.derived !== null)) +
          textEl('maxLength', f.maxLength ?? '') +
          textEl('DisplayLabel', f.label) +
          textEl('Description', f.description) +
          textEl('id', i + 1),
      );
    })
    .join('');
  const attributes = el(
    'Attributes',
    textEl('SingularName', o.label) + textEl('PluralName', o.label) + textEl('Description', o.description),
  );
  return el('Type', attributes + el('Fields', fields), [['Name', o.xmlName]]);
}

export async function runInspect(ctx: FunctionContext, element: XmlElement): Promise<FunctionOutcome> {
  const name = childText(element, 'object') || '*';
  const detail = element.attrs.detail === '1' || element.attrs.detail === 'true';
  if (name === '*') {
    const types = ctx.catalog.objects.map((o) => el('type', escapeText(o.label), [['typename', o.xmlName]])).join('');
    return {
      kind: 'data',
      data: el('data', types, [
        ['listtype', 'All'],
        ['count', ctx.catalog.objects.length],
      ]),
    };
  }
  const o = requireObject(ctx, name, 'inspect');
  const body = detail
    ? inspectDetail(o)
    : el(
        'Type',
        el(
          'Fields',
          visibleFields(o)
            .map((f) => textEl('Field', f.xmlId))
            .join(''),
        ),
        [['Name', o.xmlName]],
      );
  return {
    kind: 'data',
    data: el('data', body, [
      ['listtype', 'All'],
      ['count', 1],
    ]),
  };
}
