// The page's clients of the real protocols (XML gateway with a session id, REST with a bearer token) and of the
// console's own API.

import { parseXmlText, xmlEscape } from './xml.ts';

/** What POST /console/api/session answers (src/server/console.ts). */
export interface ConsoleSession {
  readonly companyId: string;
  readonly companyName: string;
  readonly serviceLevel: 'standard' | 'premium';
  readonly multiEntity: boolean;
  readonly userId: string;
  readonly entityId: string | null;
  readonly restrictedToEntity: string | null;
  readonly entities: readonly { entityId: string; name: string; private: boolean }[];
  readonly sessionId: string;
  readonly accessToken: string;
}

export interface Sender {
  readonly senderId: string;
  readonly senderPassword: string;
}

/** One HTTP exchange as it went over the wire, for the workbench's "request and response" panes. */
export interface Exchange {
  readonly request: string;
  readonly response: string;
}

/** The gateway session or the bearer token is no longer accepted: the page goes back to sign-in. */
export class SessionExpired extends Error {}

/** A refusal the server explained (an Intacct error, a REST error body); the message is meant for the user. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly exchange?: Exchange,
  ) {
    super(message);
  }
}

export interface GatewayAnswer {
  readonly result: Element;
  readonly exchange: Exchange;
}

/** Intacct's error list (errorno, description, description2, correction) as one readable message. */
export function errorText(container: Element | null): string {
  if (!container) return 'The server answered with an error it did not describe.';
  const errors = [...container.getElementsByTagName('error')].map((e) => {
    const part = (n: string) => e.getElementsByTagName(n)[0]?.textContent?.trim() ?? '';
    return [part('errorno'), part('description'), part('description2'), part('correction')].filter(Boolean).join(' — ');
  });
  return errors.join('\n') || 'The server answered with an error it did not describe.';
}

let controlSeq = 0;

export class Api {
  /** Gateway session ids by entity ('' = top level), so switching back reuses a session. */
  private readonly sessions = new Map<string, string>();
  entityId: string | null;

  constructor(
    readonly session: ConsoleSession,
    readonly sender: Sender,
  ) {
    this.entityId = session.entityId;
    this.sessions.set(session.entityId ?? '', session.sessionId);
  }

  get sessionId(): string {
    return this.sessions.get(this.entityId ?? '') ?? this.session.sessionId;
  }

  /** One gateway function, sent with the sender's credentials and the session id. */
  async gateway(functionXml: string): Promise<GatewayAnswer> {
    const controlId = `console-${Date.now()}-${++controlSeq}`;
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<request>\n' +
      `  <control><senderid>${xmlEscape(this.sender.senderId)}</senderid><password>${xmlEscape(this.sender.senderPassword)}</password>` +
      `<controlid>${controlId}</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>\n` +
      `  <operation>\n    <authentication><sessionid>${xmlEscape(this.sessionId)}</sessionid></authentication>\n` +
      `    <content>\n      <function controlid="${controlId}">${functionXml}</function>\n    </content>\n  </operation>\n</request>`;
    const url = '/ia/xml/xmlgw.phtml';
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body });
    const text = await res.text();
    const exchange: Exchange = {
      request: `POST ${url}\ncontent-type: application/xml\n\n${body}`,
      response: `HTTP ${res.status}\ncontent-type: ${res.headers.get('content-type') ?? ''}\n\n${text}`,
    };
    const doc = parseXmlText(text);
    if (!doc) throw new ApiError(`The gateway answered HTTP ${res.status} with something that is not XML.`, exchange);
    const response = doc.documentElement;
    const status = (path: string) => response.querySelector(path)?.textContent?.trim();
    if (status('control > status') !== 'success')
      throw new ApiError(errorText(response.querySelector('errormessage')), exchange);
    if (status('operation > authentication > status') !== 'success') {
      const message = errorText(
        response.querySelector('operation > errormessage') ?? response.querySelector('authentication'),
      );
      if (/XL03000006/.test(message)) throw new SessionExpired(message);
      throw new ApiError(message, exchange);
    }
    const result = response.querySelector('operation > result');
    if (!result) throw new ApiError('The gateway answered without a <result>.', exchange);
    if (result.querySelector(':scope > status')?.textContent?.trim() !== 'success')
      throw new ApiError(errorText(result.querySelector(':scope > errormessage')), exchange);
    return { result, exchange };
  }

  /** Re-scopes the gateway session to an entity with getAPISession's <locationid> (null = the top-level session of the sign-in). */
  async switchEntity(entityId: string | null): Promise<void> {
    const key = entityId ?? '';
    if (!this.sessions.has(key)) {
      if (entityId === null)
        throw new ApiError(
          'The top level is only available to a session signed in at the top level; sign in again without an entity.',
        );
      const { result } = await this.gateway(
        `<getAPISession><locationid>${xmlEscape(entityId)}</locationid></getAPISession>`,
      );
      const id = result.querySelector('sessionid')?.textContent?.trim();
      if (!id) throw new ApiError('getAPISession answered without a session id.');
      this.sessions.set(key, id);
    }
    this.entityId = entityId;
  }

  private restHeaders(json: boolean): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.session.accessToken}` };
    // The token is issued at the top level; the header narrows each call to the entity chosen in the page.
    if (this.entityId && !this.session.restrictedToEntity) headers['x-ia-api-param-entity'] = this.entityId;
    if (json) headers['content-type'] = 'application/json';
    return headers;
  }

  /** A raw bearer-authenticated fetch (uploads, downloads); 401 means the token is gone. */
  async fetchWithToken(method: string, path: string, body?: BodyInit, contentType?: string): Promise<Response> {
    const headers = this.restHeaders(false);
    if (contentType) headers['content-type'] = contentType;
    const res = await fetch(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    if (res.status === 401) throw new SessionExpired('The access token is no longer valid.');
    return res;
  }

  /** A JSON call with the bearer token; REST errors become ApiError with Intacct's message. */
  async json<T>(method: string, path: string, body?: unknown): Promise<{ data: T; exchange: Exchange }> {
    const headers = this.restHeaders(body !== undefined);
    const text = body === undefined ? undefined : JSON.stringify(body, null, 2);
    const res = await fetch(path, { method, headers, ...(text !== undefined ? { body: text } : {}) });
    const answer = await res.text();
    const exchange: Exchange = {
      request: `${method} ${path}\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')}${text !== undefined ? `\n\n${text}` : ''}`,
      response: `HTTP ${res.status}\ncontent-type: ${res.headers.get('content-type') ?? ''}\n\n${answer}`,
    };
    if (res.status === 401) throw new SessionExpired('The access token is no longer valid.');
    let data: unknown;
    try {
      data = JSON.parse(answer);
    } catch {
      throw new ApiError(`${method} ${path} answered HTTP ${res.status} with something that is not JSON.`, exchange);
    }
    if (!res.ok) throw new ApiError(restErrorText(data, res.status), exchange);
    return { data: data as T, exchange };
  }
}

/** Intacct's REST error body (ia::result → ia::error), or the console API's {error, message}. */
export function restErrorText(data: unknown, status: number): string {
  const d = data as Record<string, any> | null;
  const e = d?.['ia::result']?.['ia::error'];
  if (e) {
    const details = Array.isArray(e.details)
      ? e.details.map((x: any) => x?.message).filter((m: unknown) => m && m !== e.message)
      : [];
    return [`${e.code ?? 'error'}: ${e.message ?? ''}`, ...details].join('\n');
  }
  if (d && typeof d.message === 'string') return `${d.error ?? 'error'}: ${d.message}`;
  return `The server answered HTTP ${status}.`;
}

/** The console's sign-in; its refusals carry the sign-in error's own words. */
export async function openSession(form: Record<string, string>): Promise<ConsoleSession> {
  const res = await fetch('/console/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(form),
  });
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) throw new ApiError(restErrorText(data, res.status));
  return data as ConsoleSession;
}
