// The tables of companies, entities, users, web-services senders and OAuth clients.

import { column, index, type TableSpec } from '../store/table-spec.ts';

export const TENANCY_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_company',
    columns: [
      column('company_key', 'serial', false, ['id']),
      column('company_id', 'text', true),
      column('name', 'text', true),
      column('service_level', 'text', true),
      column('multi_entity', 'boolean', true),
      column('created_at', 'datetime', true),
    ],
    primaryKey: [],
    indexes: [index('lq_company', ['company_id'], true)],
    scope: 'server',
  },
  {
    name: 'lq_entity',
    columns: [
      column('company_key', 'integer', true, ['company_id']),
      column('entity_id', 'text', true),
      column('name', 'text', true),
      column('private', 'boolean', true),
    ],
    primaryKey: ['company_key', 'entity_id'],
    indexes: [],
    scope: 'company',
  },
  {
    name: 'lq_user',
    columns: [
      column('company_key', 'integer', true, ['company_id']),
      column('user_id', 'text', true),
      column('password_hash', 'text', true),
      column('role', 'text', true),
      column('status', 'text', true),
      // A user restricted to one entity logs into it and sees nothing else.
      column('entity_id', 'text'),
      // Consecutive failed passwords, counted only where the company's lockout policy is on (user-lockout.ts).
      column('failed_logins', 'integer'),
    ],
    primaryKey: ['company_key', 'user_id'],
    indexes: [],
    scope: 'company',
  },
  {
    name: 'lq_sender',
    columns: [column('sender_id', 'text', true), column('password_hash', 'text', true), column('status', 'text', true)],
    primaryKey: ['sender_id'],
    indexes: [],
    scope: 'server',
  },
  {
    name: 'lq_sender_company',
    columns: [column('sender_id', 'text', true), column('company_key', 'integer', true, ['company_id'])],
    primaryKey: ['sender_id', 'company_key'],
    indexes: [],
    scope: 'company',
  },
  {
    name: 'lq_oauth_client',
    columns: [column('client_id', 'text', true), column('secret_hash', 'text', true), column('name', 'text', true)],
    primaryKey: ['client_id'],
    indexes: [],
    scope: 'server',
  },
  {
    name: 'lq_oauth_client_company',
    columns: [column('client_id', 'text', true), column('company_key', 'integer', true, ['company_id'])],
    primaryKey: ['client_id', 'company_key'],
    indexes: [],
    scope: 'company',
  },
];
