// Pieces every part of the generated OpenAPI document uses: references, JSON bodies, the error responses.

export type Schema = Record<string, unknown>;

export const ENTITY_HEADER = { $ref: '#/components/parameters/EntityHeader' };
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: Schema) => ({ 'application/json': { schema } });
export const errors = {
  400: { description: 'Malformed JSON or an invalid query', content: json(ref('Error')) },
  401: { description: 'Missing, expired or revoked bearer token', content: json(ref('Error')) },
  404: { description: 'Unknown object or record', content: json(ref('Error')) },
  422: {
    description:
      'A well-formed request the service refuses (owned collection, href in filters, a value the field cannot hold)',
    content: json(ref('Error')),
  },
  429: {
    description: 'Too many requests for this token; retry after the Retry-After seconds',
    content: json(ref('Error')),
  },
};
