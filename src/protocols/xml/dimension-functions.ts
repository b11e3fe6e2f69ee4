// getDimensions and getDimensionRelationships (Platform Services, the SDK's DimensionsGet and
// DimensionRelationshipsGet): the signed-in company's dimensions, in the shapes of Intacct's dimensions reference
// (developer.intacct.com/api/platform-services/dimensions, as mirrored in russellkt/intacct-mcp-server
// docs/platform-services-dimensions.md).

import { companyDimensionLinks, companyDimensions } from '../../catalog/dimensions.ts';
import type { FunctionContext, FunctionOutcome } from './function-context.ts';
import { el, textEl } from './xml-writer.ts';

const bool = (b: boolean): string => (b ? 'true' : 'false');

/** `<data><dimensions><dimension>…`: the path clients read (fylein/sageintacct-sdk-py `data.dimensions.dimension`). */
export async function runGetDimensions(ctx: FunctionContext): Promise<FunctionOutcome> {
  const rows = companyDimensions(ctx.catalog, ctx.caller.company.companyId).map((d) =>
    el(
      'dimension',
      textEl('objectName', d.name) +
        textEl('objectLabel', d.label) +
        // "Terminology label, if renamed in company terminology": ledgerq has no terminology, so the label.
        textEl('termLabel', d.label) +
        textEl('userDefinedDimension', bool(d.userDefined)) +
        textEl('enabledInGL', bool(d.enabledInGL)),
    ),
  );
  return { kind: 'data', data: el('data', el('dimensions', rows.join(''))) };
}

/**
 * One `<relationship>` per dimension, as the reference's sample lists them (no wrapper inside `<data>`). ledgerq has
 * no auto-fill settings: autofillrelated and enableoverride are false, as the sample's LOCATION answers.
 */
export async function runGetDimensionRelationships(ctx: FunctionContext): Promise<FunctionOutcome> {
  const rows = companyDimensionLinks(ctx.catalog, ctx.caller.company.companyId).map(({ dimension, links }) =>
    el(
      'relationship',
      textEl('dimension', dimension.name) +
        textEl('object_id', dimension.objectId) +
        textEl('autofillrelated', 'false') +
        textEl('enableoverride', 'false') +
        links
          .map((l) =>
            el(
              'related',
              textEl('dimension', l.related.name) +
                textEl('object_id', l.related.objectId) +
                textEl('relationship_id', l.relationshipId) +
                textEl('source_side', l.sourceSide) +
                textEl('related_side', l.relatedSide),
            ),
          )
          .join(''),
    ),
  );
  return { kind: 'data', data: el('data', rows.join('')) };
}
