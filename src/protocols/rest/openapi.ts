// Generates the OpenAPI 3.0 document of the REST surface from the catalog: token endpoints, the query service, the
// model and every object's reads.

import type { Catalog } from '../../catalog/catalog.ts';
import type { CatalogObject } from '../../catalog/types.ts';
import { REST_OPERATORS, REST_PAGE } from './lower-query.ts';
import { fieldModel, restFields, type FieldModel } from './object-model.ts';
import { ENTITY_HEADER, errors, json, ref, type Schema } from './openapi-parts.ts';
import { viewPaths, viewSchemas } from './openapi-views.ts';

function propertySchema(m: FieldModel): Schema {
  return {
    type: m.type,
    ...(m.format ? { format: m.format } : {}),
    ...(m.enum ? { enum: [...m.enum] } : {}),
    ...(m.maxLength ? { maxLength: m.maxLength } : {}),
    ...(m.readOnly ? { readOnly: true } : {}),
    ...(m.writeOnly ? { writeOnly: true } : {}),
    ...(m.deprecated ? { deprecated: true } : {}),
    nullable: true,
    description: m.label,
  };
}

/** An object's record schema, nested by path as GET /objects/{…}/{key} returns it. */
function objectSchema(o: CatalogObject): Schema {
  const root: Schema = { type: 'object', description: o.label, properties: {} as Record<string, Schema> };
  for (const { path, field } of restFields(o)) {
    let node = root;
    const parts = path.split('.');
    for (const part of parts.slice(0, -1)) {
      const props = node.properties as Record<string, Schema>;
      const next = props[part];
      node = next && next.type === 'object' ? next : (props[part] = { type: 'object', properties: {} });
    }
    (node.properties as Record<string, Schema>)[parts[parts.length - 1]!] = propertySchema(fieldModel(field, path));
  }
  (root.properties as Record<string, Schema>).href = {
    type: 'string',
    readOnly: true,
    example: `/objects/${o.restName}/1`,
  };
  return root;
}

const schemaName = (restName: string) => restName.replace(/[^A-Za-z0-9]+/g, '.');
export function buildOpenApi(catalog: Catalog, version: string): Schema {
  const objects = catalog.objects.filter((o) => o.restName);
  const paths: Record<string, Schema> = {
    '/oauth2/token': {
      post: {
        summary:
          'Issue tokens: grant_type client_credentials (client_id, client_secret, username user@company or user@company|entity) or refresh_token',
        security: [],
        requestBody: {
          content: {
            'application/json': { schema: ref('TokenRequest') },
            'application/x-www-form-urlencoded': { schema: ref('TokenRequest') },
          },
        },
        responses: {
          200: { description: 'Tokens', content: json(ref('TokenResponse')) },
          400: errors[400],
          401: errors[401],
        },
      },
    },
    '/oauth2/revoke': {
      post: {
        summary: 'Revoke an access or refresh token (and the other token of its grant)',
        security: [],
        requestBody: {
          content: json({
            type: 'object',
            required: ['token', 'client_id', 'client_secret'],
            properties: { token: { type: 'string' }, client_id: { type: 'string' }, client_secret: { type: 'string' } },
          }),
        },
        responses: { 200: { description: 'Revoked (unknown tokens too, RFC 7009)' }, 401: errors[401] },
      },
    },
    '/services/core/query': {
      post: {
        summary: 'Query one object, or a batch (array) of queries',
        parameters: [ENTITY_HEADER],
        requestBody: {
          required: true,
          content: json({ oneOf: [ref('Query'), { type: 'array', items: ref('Query') }] }),
        },
        responses: {
          200: {
            description: 'Rows and paging, or one result per query of a batch',
            content: json(ref('QueryResult')),
          },
          ...errors,
        },
      },
    },
    '/services/core/model': {
      get: {
        summary: 'Describe an object: fields, types, groups, refs and lists',
        parameters: [
          {
            name: 'name',
            in: 'query',
            required: true,
            schema: { type: 'string', enum: objects.map((o) => o.restName) },
          },
        ],
        responses: { 200: { description: 'The model' }, 401: errors[401], 404: errors[404] },
      },
    },
    '/services/core/session/id': {
      get: {
        summary: "Get an XML API session ID for the token's company, user and entity",
        parameters: [ENTITY_HEADER],
        responses: {
          200: {
            description: 'The session (sessionId) and its idle timeout in seconds (expiresIn)',
            content: json({
              type: 'object',
              properties: {
                'ia::result': {
                  type: 'object',
                  properties: { sessionId: { type: 'string' }, expiresIn: { type: 'integer' } },
                },
              },
            }),
          },
          401: errors[401],
        },
      },
    },
    '/services/company-config/document-sequence/generate-next-value': {
      post: {
        summary: 'Generate next value',
        requestBody: {
          content: json({
            type: 'object',
            oneOf: [{ required: ['key'] }, { required: ['id'] }],
            properties: { key: { type: 'string' }, id: { type: 'string' }, fiscalYear: { type: 'integer' } },
          }),
        },
        responses: {
          200: {
            description: "The sequence's next value, taken",
            content: json({
              type: 'object',
              properties: {
                'ia::result': {
                  type: 'object',
                  properties: {
                    key: { type: 'string' },
                    id: { type: 'string' },
                    nextValue: { type: 'string' },
                    fiscalYear: { type: 'integer' },
                  },
                },
              },
            }),
          },
          401: errors[401],
        },
      },
    },
    '/services/company-config/dimensions/list': {
      get: {
        summary: 'List dimensions',
        responses: { 200: { description: 'The standard dimensions of the company' }, 401: errors[401] },
      },
    },
  };
  Object.assign(paths, viewPaths());
  for (const o of objects) {
    const name = schemaName(o.restName!);
    paths[`/objects/${o.restName}`] = {
      get: {
        summary: `List ${o.label} keys`,
        parameters: [
          ENTITY_HEADER,
          { name: 'start', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'size', in: 'query', schema: { type: 'integer', minimum: 1, maximum: REST_PAGE.max } },
        ],
        responses: {
          200: { description: 'Keys with href', content: json(ref('QueryResult')) },
          401: errors[401],
          404: errors[404],
        },
      },
    };
    paths[`/objects/${o.restName}/{key}`] = {
      get: {
        summary: `Read one ${o.label}`,
        parameters: [ENTITY_HEADER, { name: 'key', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: {
            description: o.label,
            content: json({ type: 'object', properties: { 'ia::result': ref(name), 'ia::meta': { type: 'object' } } }),
          },
          401: errors[401],
          404: errors[404],
        },
      },
    };
  }
  const schemas: Record<string, Schema> = Object.fromEntries(
    objects.map((o) => [schemaName(o.restName!), objectSchema(o)]),
  );
  schemas.Query = {
    type: 'object',
    required: ['object', 'fields'],
    properties: {
      object: { type: 'string', enum: objects.map((o) => o.restName) },
      fields: {
        type: 'array',
        items: { type: 'string' },
        description: 'Dot paths, `href`, or aggregates count:, sum:, avg:, min:, max:',
      },
      filters: { type: 'array', items: { type: 'object', description: `One operator: ${REST_OPERATORS.join(', ')}` } },
      filterExpression: { type: 'string', example: '(1 and 2) or 3' },
      filterParameters: {
        type: 'object',
        properties: {
          asOfDate: { type: 'string', format: 'date' },
          caseSensitiveComparison: { type: 'boolean', default: true },
          includePrivate: { type: 'boolean', default: false },
        },
      },
      orderBy: {
        type: 'array',
        items: { type: 'object', additionalProperties: { type: 'string', enum: ['asc', 'desc'] } },
      },
      start: { type: 'integer', minimum: 1, default: 1 },
      size: { type: 'integer', minimum: 1, maximum: REST_PAGE.max, default: REST_PAGE.default },
    },
  };
  Object.assign(schemas, viewSchemas(objects.map((o) => o.restName!)));
  schemas.QueryResult = {
    type: 'object',
    properties: {
      'ia::result': { type: 'array', items: { type: 'object' } },
      'ia::meta': {
        type: 'object',
        properties: {
          totalCount: { type: 'integer' },
          start: { type: 'integer' },
          pageSize: { type: 'integer' },
          next: { type: 'integer', nullable: true },
          previous: { type: 'integer', nullable: true },
          totalSuccess: { type: 'integer' },
          totalError: { type: 'integer' },
        },
      },
    },
  };
  schemas.Error = {
    type: 'object',
    properties: {
      'ia::result': {
        type: 'object',
        properties: {
          'ia::error': {
            type: 'object',
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              errorId: { type: 'string' },
              details: { type: 'array', items: { type: 'object' } },
            },
          },
        },
      },
      'ia::meta': {
        type: 'object',
        properties: {
          totalCount: { type: 'integer' },
          totalSuccess: { type: 'integer' },
          totalError: { type: 'integer' },
        },
      },
    },
  };
  schemas.TokenRequest = {
    type: 'object',
    required: ['grant_type', 'client_id', 'client_secret'],
    properties: {
      grant_type: { type: 'string', enum: ['client_credentials', 'refresh_token'] },
      client_id: { type: 'string' },
      client_secret: { type: 'string' },
      username: { type: 'string', example: 'admin@demo|US' },
      refresh_token: { type: 'string' },
    },
  };
  schemas.TokenResponse = {
    type: 'object',
    properties: {
      token_type: { type: 'string', enum: ['Bearer'] },
      access_token: { type: 'string' },
      refresh_token: { type: 'string' },
      expires_in: { type: 'integer' },
      issued_at: { type: 'integer' },
    },
  };
  return {
    openapi: '3.0.3',
    info: { title: 'ledgerq REST API (Sage Intacct REST query service)', version },
    servers: [{ url: '/ia/api/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      parameters: {
        EntityHeader: {
          name: 'X-IA-API-Param-Entity',
          in: 'header',
          required: false,
          schema: { type: 'string' },
          description: 'Work inside one entity of a multi-entity company',
        },
      },
      schemas,
    },
  };
}
