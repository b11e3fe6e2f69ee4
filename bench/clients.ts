// Signs in to a benchmark server once (an XML gateway session, a REST bearer token) and checks answers are successes.

import { request } from './http-load.ts';
import type { BenchServer } from './server-process.ts';

function gatewayEnvelope(inner: string, auth: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>ledgerq</senderid><password>ledgerq</password><controlid>bench</controlid>' +
    `<uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control><operation><authentication>${auth}</authentication>` +
    `<content><function controlid="f">${inner}</function></content></operation></request>`
  );
}

export interface Clients {
  readonly server: BenchServer;
  readonly xmlUrl: string;
  readonly restUrl: string;
  readonly xml: (inner: string) => string;
  readonly restHeaders: Record<string, string>;
}

export async function signIn(server: BenchServer): Promise<Clients> {
  const xmlUrl = `${server.url}/ia/xml/xmlgw.phtml`;
  const login = await request(
    xmlUrl,
    'POST',
    gatewayEnvelope(
      '<getAPISession/>',
      '<login><userid>admin</userid><companyid>demo</companyid><password>admin</password></login>',
    ),
    { 'content-type': 'application/xml' },
  );
  const sessionId = /<sessionid>([^<]+)<\/sessionid>/.exec(login.body)?.[1];
  if (!sessionId) throw new Error(`getAPISession failed: ${login.body.slice(0, 400)}`);
  const token = await request(
    `${server.url}/ia/api/v1/oauth2/token`,
    'POST',
    JSON.stringify({
      grant_type: 'client_credentials',
      client_id: 'ledgerq-demo',
      client_secret: 'ledgerq-demo',
      username: 'admin@demo',
    }),
    { 'content-type': 'application/json' },
  );
  const accessToken = (JSON.parse(token.body) as { access_token?: string }).access_token;
  if (!accessToken) throw new Error(`token request failed: ${token.body}`);
  return {
    server,
    xmlUrl,
    restUrl: `${server.url}/ia/api/v1/services/core/query`,
    xml: (inner) => gatewayEnvelope(inner, `<sessionid>${sessionId}</sessionid>`),
    restHeaders: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
  };
}

export const XML_HEADERS = { 'content-type': 'application/xml' };

export function checkXml(body: string, what: string): void {
  if (!/<status>success<\/status>[\s\S]*<status>success<\/status>/.test(body))
    throw new Error(`${what}: the gateway answered a failure: ${body.slice(0, 600)}`);
}

export function checkRest(a: { status: number; body: string }, what: string): void {
  if (a.status !== 200) throw new Error(`${what}: REST answered ${a.status}: ${a.body.slice(0, 600)}`);
}
