// OAuth2 tokens for the REST API: the client-credentials and refresh grants, bearer verification and revocation, stored
// hashed in the database.

import { clearFailedPasswords, countFailedPassword } from './user-lockout.ts';
import { createHash, randomBytes } from 'node:crypto';
import { LedgerqError, withErrorField } from '../errors.ts';
import { resolveEntity } from './scope.ts';
import type { Database } from '../store/database.ts';
import { p, sql } from '../store/sql.ts';
import type { TableSpec } from '../store/table-spec.ts';
import { verifyPassword } from './passwords.ts';
import { signInCacheOf } from './sign-in-cache.ts';
import { COMPANY_COLUMNS, type Company, type CompanyColumns, companyFromRow, findCompany } from './tenancy.ts';

/**
 * Tokens live in the database, so every ledgerq process sharing it accepts a
 * token any of them issued; a process keeps the ones it verified in its
 * sign-in cache, which a revocation anywhere empties. Only a SHA-256 of each token is stored: a
 * copy of the database hands out no usable credentials. SHA-256 rather than
 * scrypt because tokens are 256 random bits, not guessable passwords, and
 * every request verifies one.
 */
export const OAUTH_TABLES: readonly TableSpec[] = [
  {
    name: 'lq_oauth_token',
    scope: 'company-session',
    columns: [
      { name: 'token_hash', kind: 'text', notNull: true },
      { name: 'kind', kind: 'text', notNull: true },
      // Access and refresh tokens issued together share a grant: revoking either revokes both.
      { name: 'grant_id', kind: 'text', notNull: true },
      { name: 'client_id', kind: 'text', notNull: true },
      { name: 'company_key', kind: 'integer', notNull: true, formerNames: ['company_id'] },
      { name: 'user_id', kind: 'text', notNull: true },
      { name: 'entity_id', kind: 'text', notNull: false },
      { name: 'expires_at', kind: 'bigint', notNull: true },
      { name: 'revoked', kind: 'boolean', notNull: true },
      { name: 'created_at', kind: 'bigint', notNull: true },
    ],
    primaryKey: ['token_hash'],
    indexes: [{ name: 'ix_lq_oauth_token_grant_id', columns: ['grant_id'], unique: false }],
  },
];

export interface TokenLifetimes {
  /** Seconds an access token is valid. */
  readonly accessSeconds: number;
  /** Seconds a refresh token is valid. */
  readonly refreshSeconds: number;
}

// Intacct's REST access tokens last hours and refresh tokens months; ledgerq keeps the same order of magnitude.
export const DEFAULT_LIFETIMES: TokenLifetimes = Object.freeze({ accessSeconds: 3600, refreshSeconds: 90 * 24 * 3600 });

/** Who a valid access token speaks for. */
export interface TokenSession {
  readonly company: Company;
  readonly userId: string;
  readonly clientId: string;
  /** The entity the session works inside; null = the top level of the company. */
  readonly entityId: string | null;
  readonly expiresAt: number;
  /** The user's role as stored now: read-only users may read but not write. */
  readonly role: string;
}

/** What the token endpoint returns (RFC 6749 §5.1 field names). */
export interface TokenResponse {
  readonly token_type: 'Bearer';
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly issued_at: number;
}

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);
const newToken = () => randomBytes(32).toString('base64url');

async function checkClient(db: Database, c: ClientCredentials): Promise<void> {
  const rows = await db.all<{ secret_hash: string }>(
    sql`SELECT secret_hash FROM lq_oauth_client WHERE client_id = ${p(c.clientId)}`,
  );
  // Same message for an unknown client and a wrong secret: the endpoint does not reveal which client ids exist.
  if (!rows[0] || !verifyPassword(c.clientSecret, rows[0].secret_hash)) {
    throw new LedgerqError('auth.invalid-client', 'client authentication failed: check client_id and client_secret', {
      field: 'client_id',
    });
  }
}

/** `user@company` or `user@company|entity`, as Intacct's REST client-credentials grant takes it. */
export function parseUsername(username: string): { userId: string; companyId: string; entityId: string | null } {
  const m = /^([^@|]+)@([^@|]+)(?:\|([^@|]+))?$/.exec(username.trim());
  if (!m)
    throw new LedgerqError('auth.invalid-user', 'username must be user@company or user@company|entity', {
      field: 'username',
    });
  return { userId: m[1]!, companyId: m[2]!, entityId: m[3] ?? null };
}

async function issue(
  db: Database,
  s: { clientId: string; company: Company; userId: string; entityId: string | null },
  life: TokenLifetimes,
): Promise<TokenResponse> {
  const access = newToken();
  const refresh = newToken();
  const grant = randomBytes(16).toString('hex');
  const now = nowSeconds();
  await db.transaction(async (tx) => {
    for (const [token, kind, seconds] of [
      [access, 'access', life.accessSeconds],
      [refresh, 'refresh', life.refreshSeconds],
    ] as const) {
      await tx.run(sql`INSERT INTO lq_oauth_token (token_hash, kind, grant_id, client_id, company_key, user_id, entity_id, expires_at, revoked, created_at)
        VALUES (${p(hashToken(token))}, ${p(kind)}, ${p(grant)}, ${p(s.clientId)}, ${p(s.company.key)}, ${p(s.userId)}, ${p(s.entityId)}, ${p(now + seconds)}, ${p(false)}, ${p(now)})`);
    }
  });
  return {
    token_type: 'Bearer',
    access_token: access,
    refresh_token: refresh,
    expires_in: life.accessSeconds,
    issued_at: now,
  };
}

/** The user must exist and be active in the company; a user restricted to one entity only ever works inside it. */
async function resolveUser(
  db: Database,
  company: Company,
  userId: string,
  entityId: string | null,
  password: string | undefined,
): Promise<{ userId: string; entityId: string | null }> {
  const rows = await db.all<{ user_id: string; password_hash: string; status: string; entity_id: string | null }>(
    sql`SELECT user_id, password_hash, status, entity_id FROM lq_user WHERE company_key = ${p(company.key)} AND LOWER(user_id) = ${p(userId.toLowerCase())}`,
  );
  const u = rows[0];
  const wrongPassword = u?.status === 'active' && password !== undefined && !verifyPassword(password, u.password_hash);
  if (wrongPassword) await countFailedPassword(db, company, u.user_id);
  else if (u && password !== undefined) await clearFailedPasswords(db, company, u.user_id);
  if (u?.status !== 'active' || wrongPassword) {
    throw new LedgerqError('auth.invalid-user', `user ${userId} cannot sign in to company ${company.companyId}`, {
      field: 'username',
    });
  }
  const entity = await withErrorField(
    resolveEntity(db, company, u.entity_id, entityId, `user ${u.user_id}`),
    'username',
  );
  return { userId: u.user_id, entityId: entity };
}

/** grant_type=client_credentials. */
export async function grantClientCredentials(
  db: Database,
  client: ClientCredentials,
  username: string,
  password: string | undefined,
  life: TokenLifetimes = DEFAULT_LIFETIMES,
): Promise<TokenResponse> {
  await checkClient(db, client);
  const who = parseUsername(username);
  const company = await findCompany(db, who.companyId);
  const allowed =
    company &&
    (
      await db.all(
        sql`SELECT 1 FROM lq_oauth_client_company WHERE client_id = ${p(client.clientId)} AND company_key = ${p(company.key)}`,
      )
    ).length > 0;
  if (!company || !allowed)
    throw new LedgerqError(
      'auth.unknown-company',
      `client ${client.clientId} is not authorized for company ${who.companyId}`,
      { field: 'username' },
    );
  const user = await resolveUser(db, company, who.userId, who.entityId, password);
  return issue(db, { clientId: client.clientId, company, ...user }, life);
}

interface TokenRow {
  grant_id: string;
  kind: string;
  client_id: string;
  company_key: number | string;
  user_id: string;
  entity_id: string | null;
  expires_at: number | string;
  revoked: unknown;
  company_code: string;
}

async function findToken(db: Database, token: string): Promise<TokenRow | undefined> {
  const rows =
    await db.all<TokenRow>(sql`SELECT t.grant_id, t.kind, t.client_id, t.company_key, t.user_id, t.entity_id, t.expires_at, t.revoked, c.company_id AS company_code
    FROM lq_oauth_token t JOIN lq_company c ON c.company_key = t.company_key WHERE t.token_hash = ${p(hashToken(token))}`);
  return rows[0];
}

const isLive = (r: TokenRow) => !(r.revoked === true || r.revoked === 1) && Number(r.expires_at) > nowSeconds();

/** grant_type=refresh_token: the refresh token is used up (rotated) and a new pair issued with the same user and entity. */
export async function grantRefresh(
  db: Database,
  client: ClientCredentials,
  refreshToken: string,
  life: TokenLifetimes = DEFAULT_LIFETIMES,
): Promise<TokenResponse> {
  await checkClient(db, client);
  const r = await findToken(db, refreshToken);
  if (r?.kind !== 'refresh' || r.client_id !== client.clientId || !isLive(r)) {
    throw new LedgerqError(
      'auth.invalid-grant',
      'the refresh token is unknown, expired, revoked or was issued to another client',
      { field: 'refresh_token' },
    );
  }
  // Only one concurrent refresh wins: the update that revokes the token decides.
  const changed = await db.run(
    sql`UPDATE lq_oauth_token SET revoked = ${p(true)} WHERE token_hash = ${p(hashToken(refreshToken))} AND revoked = ${p(false)}`,
  );
  if (changed === 0)
    throw new LedgerqError('auth.invalid-grant', 'the refresh token was already used', { field: 'refresh_token' });
  const company = await findCompany(db, r.company_code);
  if (!company)
    throw new LedgerqError('auth.invalid-grant', 'the company of this refresh token no longer exists', {
      field: 'refresh_token',
    });
  const user = await resolveUser(db, company, r.user_id, r.entity_id, undefined);
  return issue(db, { clientId: client.clientId, company, ...user }, life);
}

interface AccessRow extends CompanyColumns {
  kind: string;
  client_id: string;
  user_id: string;
  entity_id: string | null;
  expires_at: number | string;
  revoked: unknown;
  user_role: string | null;
}

const TOKENS = Symbol('tokens');

/**
 * The session of a live access token; throws auth.invalid-token otherwise. Every REST request lands here: a token seen
 * before is served from the process's sign-in cache until it expires or a revocation, a lock-out or any change of its
 * user or company drops the cache (auth/sign-in-cache.ts); otherwise token, company and the user's status come in one
 * statement.
 */
export async function verifyAccessToken(db: Database, token: string): Promise<TokenSession> {
  const hash = hashToken(token);
  const cache = signInCacheOf(db);
  const stamp = cache ? await cache.current() : null;
  const tokens = cache?.slot<string, TokenSession>(TOKENS);
  const hit = stamp === null ? undefined : tokens?.get(hash);
  if (hit && hit.expiresAt > nowSeconds()) return hit;
  const rows = await db.all<AccessRow>(sql`SELECT t.kind, t.client_id, t.user_id, t.entity_id, t.expires_at, t.revoked,
      ${COMPANY_COLUMNS},
      (SELECT u.role FROM lq_user u WHERE u.company_key = t.company_key AND u.user_id = t.user_id AND u.status = ${p('active')}) AS user_role
    FROM lq_oauth_token t JOIN lq_company c ON c.company_key = t.company_key WHERE t.token_hash = ${p(hash)}`);
  const r = rows[0];
  const live =
    r !== undefined &&
    r.kind === 'access' &&
    !(r.revoked === true || r.revoked === 1) &&
    Number(r.expires_at) > nowSeconds();
  if (!r || !live)
    throw new LedgerqError('auth.invalid-token', 'the access token is invalid, expired or revoked; request a new one', {
      field: 'Authorization',
    });
  if (r.user_role === null)
    throw new LedgerqError('auth.invalid-token', `user ${r.user_id} can no longer sign in`, { field: 'Authorization' });
  const session: TokenSession = {
    company: companyFromRow(r)!,
    userId: r.user_id,
    clientId: r.client_id,
    entityId: r.entity_id,
    expiresAt: Number(r.expires_at),
    role: r.user_role,
  };
  if (cache && tokens) cache.keep(tokens, stamp, hash, session);
  return session;
}

/** RFC 7009: revokes the token's whole grant (access and refresh). Unknown tokens are not an error. */
export async function revokeToken(db: Database, client: ClientCredentials, token: string): Promise<void> {
  await checkClient(db, client);
  const r = await findToken(db, token);
  if (!r || r.client_id !== client.clientId) return;
  await db.run(sql`UPDATE lq_oauth_token SET revoked = ${p(true)} WHERE grant_id = ${p(r.grant_id)}`);
}
