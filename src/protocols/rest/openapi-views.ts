// The OpenAPI paths and schemas of user views (core/user-view) and the view service (POST /services/core/view), named
// as Intacct's own document names them (common-resources: objects.core.user-view, services.core.view).

import { REST_PAGE } from './lower-query.ts';
import { ENTITY_HEADER, errors, json, ref, type Schema } from './openapi-parts.ts';

const KEY = { name: 'key', in: 'path', required: true, schema: { type: 'string' }, example: '262' };
const META = { type: 'object', properties: { totalCount: { type: 'integer' }, totalSuccess: { type: 'integer' } } };
const reference = (description: string) => ({
  description,
  content: json({ type: 'object', properties: { 'ia::result': ref('object-reference'), 'ia::meta': META } }),
});
const conflict = { description: 'A user view of that name exists', content: json(ref('Error')) };
const forbidden = { description: "A read-only user, or another user's view", content: json(ref('Error')) };

export function viewPaths(): Record<string, Schema> {
  return {
    '/services/core/view': {
      post: {
        summary: 'Execute a user view; parameters in the body override the same parameters of the view',
        parameters: [ENTITY_HEADER],
        requestBody: { required: true, content: json(ref('services.core.view')) },
        responses: {
          200: { description: 'The rows and paging, as the query service answers', content: json(ref('QueryResult')) },
          ...errors,
        },
      },
    },
    '/objects/core/user-view': {
      get: {
        summary: 'List the user views the caller may see (its own and shared ones)',
        parameters: [
          { name: 'start', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'size', in: 'query', schema: { type: 'integer', minimum: 1, maximum: REST_PAGE.max } },
        ],
        responses: {
          200: { description: 'Key, id and href of each view', content: json(ref('QueryResult')) },
          401: errors[401],
        },
      },
      post: {
        summary: 'Create a user view, owned by the caller',
        requestBody: {
          required: true,
          content: json({ allOf: [ref('objects.core.user-view'), { type: 'object', required: ['name', 'query'] }] }),
        },
        responses: { 201: reference('The new view'), 403: forbidden, 409: conflict, ...errors },
      },
    },
    '/objects/core/user-view/{key}': {
      parameters: [KEY],
      get: {
        summary: 'Get a user view',
        responses: {
          200: {
            description: 'The view',
            content: json({
              type: 'object',
              properties: { 'ia::result': ref('objects.core.user-view'), 'ia::meta': META },
            }),
          },
          401: errors[401],
          404: errors[404],
        },
      },
      patch: {
        summary: 'Update a user view (its owner only); query and metadata are replaced whole',
        requestBody: { content: json(ref('objects.core.user-view')) },
        responses: { 200: reference('The updated view'), 403: forbidden, 409: conflict, ...errors },
      },
      delete: {
        summary: 'Delete a user view (its owner only)',
        responses: { 204: { description: 'Deleted' }, 401: errors[401], 403: forbidden, 404: errors[404] },
      },
    },
  };
}

const FILTER_PARAMETERS = {
  type: 'object',
  properties: {
    asOfDate: { type: 'string', format: 'date', example: '2025-04-01' },
    caseSensitiveComparison: { type: 'boolean', default: true },
    includePrivate: { type: 'boolean', default: false },
  },
};

export function viewSchemas(restNames: readonly string[]): Record<string, Schema> {
  const readOnly = (type: string, example: string) => ({ type, readOnly: true, example });
  return {
    'object-reference': {
      type: 'object',
      properties: { key: { type: 'string' }, id: { type: 'string' }, href: { type: 'string', readOnly: true } },
    },
    'services.core.view': {
      type: 'object',
      required: ['key', 'viewType'],
      properties: {
        key: { type: 'string', example: '12', description: 'The key of a user view' },
        viewType: {
          type: 'string',
          enum: ['user', 'system'],
          description: 'Only user views are served: system is refused (ledgerq has none of Intacct system views)',
        },
        fields: { type: 'array', items: { type: 'string' } },
        filters: { type: 'array', items: { type: 'object' } },
        filterExpression: { type: 'string' },
        filterParameters: FILTER_PARAMETERS,
        orderBy: { type: 'array', items: { type: 'object' } },
        start: { type: 'integer', minimum: 1, example: 1 },
        size: { type: 'integer', minimum: 1, maximum: REST_PAGE.max, example: 100 },
      },
    },
    'objects.core.user-view': {
      type: 'object',
      properties: {
        key: readOnly('string', '42'),
        id: readOnly('string', '42'),
        name: { type: 'string', example: 'Vendors with overdue balances' },
        description: { type: 'string', nullable: true },
        object: { type: 'string', enum: [...restNames], description: 'Must match query.object' },
        category: { type: 'string', nullable: true },
        viewVersion: readOnly('string', '1'),
        isPublic: { type: 'boolean', default: false },
        context: { type: 'string', example: '__default' },
        status: { type: 'string', enum: ['active', 'inactive'], default: 'active' },
        query: ref('Query'),
        metadata: {
          type: 'object',
          nullable: true,
          properties: {
            frozenColumnCount: { type: 'number' },
            columns: {
              type: 'array',
              items: { type: 'object', properties: { id: { type: 'string' }, textFormat: { type: 'string' } } },
            },
          },
        },
        owner: {
          type: 'object',
          readOnly: true,
          properties: { key: { type: 'string' }, id: { type: 'string' }, href: { type: 'string' } },
        },
        audit: {
          type: 'object',
          readOnly: true,
          properties: {
            createdDateTime: { type: 'string', format: 'date-time' },
            modifiedDateTime: { type: 'string', format: 'date-time' },
            createdBy: { type: 'string', nullable: true },
            modifiedBy: { type: 'string', nullable: true },
          },
        },
        href: readOnly('string', '/objects/core/user-view/42'),
      },
    },
  };
}
