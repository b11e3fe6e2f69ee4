// Registers the XML gateway route (POST /ia/xml/xmlgw.phtml): reads any body as XML under a size limit and always
// answers HTTP 200 with Intacct XML.

import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '../catalog/catalog.ts';
import { childText } from '../protocols/xml/xml-tree.ts';
import { answerGatewayRequest, type GatewayGate, type GateVerdict } from '../protocols/xml/answer-request.ts';
import type { Database } from '../store/database.ts';
import type { Admissions } from './edge/admission.ts';
import type { EdgeRoute } from './edge/edge-state.ts';

export const XML_GATEWAY_PATH = '/ia/xml/xmlgw.phtml';

/** A whole gateway request for the demo company, printed by the start-up banner and the README to try with curl. */
export const XML_TRY_QUERY =
  '<request><control><senderid>ledgerq</senderid><password>ledgerq</password><controlid>try-it</controlid>' +
  '<uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control><operation><authentication><login><userid>admin</userid>' +
  '<companyid>demo</companyid><password>admin</password></login></authentication><content><function controlid="vendors">' +
  '<query><object>VENDOR</object><select><field>VENDORID</field><field>NAME</field><field>TOTALDUE</field></select>' +
  '<pagesize>2</pagesize></query></function></content></operation></request>';

export interface XmlGatewayOptions {
  readonly db: Database;
  readonly catalog: Catalog;
  /** Bodies above this many bytes are answered with an Intacct error, never parsed. */
  readonly bodyLimit: number;
  /** The edge's admission of a signed-in caller (entity, rate and concurrency limits, faults). */
  readonly admissions: Admissions;
}

/** Marks a body that went over the limit; the bytes were read and dropped. */
const TOO_LARGE = Symbol('too large');

/**
 * This gateway's own URL as the client reached it: SDK callers reach it through
 * a `*.intacct.com` name (protocol §1.1, §8), which getAPISession's endpoint
 * must keep or SessionProvider refuses it. A Host header that is not a plain
 * host[:port] falls back to Intacct's own endpoint.
 */
function endpointOf(req: FastifyRequest): string {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]!
    .trim();
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : req.protocol;
  const host = req.headers.host ?? '';
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host))
    return `https://api.intacct.com${XML_GATEWAY_PATH}`;
  return `${scheme}://${host}${XML_GATEWAY_PATH}`;
}

/** The XML gateway signs in from the body, then asks the edge to admit the caller; its errors are Intacct XML. */
const XML_ROUTE: EdgeRoute = { auth: 'xml', errors: 'xml', operation: 'xml:' };

/** The edge's decision, as the gateway answers it: ledgerq's refusals and GW-0010 at the gateway level (HTTP 429). */
function xmlGate(admissions: Admissions, req: FastifyRequest, reply: FastifyReply): GatewayGate {
  return async ({ caller, senderId, functions, offline }): Promise<GateVerdict> => {
    req.lq.operation = `xml:${functions.map((f) => f.name).join(',')}`;
    const principal = {
      company: caller.company,
      userId: caller.userId,
      entityId: caller.entityId,
      rights: { write: caller.role === 'admin' },
      caller: `xml:${senderId}\u0000${caller.company.key}\u0000${caller.userId}`,
    };
    const objects = functions
      .map((f) => (f.element ? childText(f.element, 'object') : undefined))
      .filter((o): o is string => !!o);
    const a = await admissions.admit(
      req,
      reply,
      principal,
      { protocol: 'xml', operations: functions.map((f) => f.name), objects },
      offline,
    );
    switch (a.kind) {
      case 'pass':
        return { kind: 'pass', limits: req.lq.limits! };
      case 'refuse':
        return { kind: 'refuse', level: 'gateway', status: 429, error: a.error };
      case 'inject':
        return {
          kind: 'refuse',
          level: a.error.level,
          status: a.error.errorNo.toUpperCase() === 'GW-0010' ? 429 : 200,
          error: a.error,
        };
      case 'answer':
        return { kind: 'answer', status: a.status, contentType: a.contentType, body: a.body };
      case 'drop':
        reply.hijack();
        req.raw.socket?.destroy();
        return { kind: 'taken' };
    }
  };
}

const gateway: FastifyPluginAsync<XmlGatewayOptions> = async (app, opts) => {
  // Encapsulated: these parsers apply to the gateway only. Intacct accepts XML whatever the declared type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    // Over the limit the rest is read and dropped rather than the socket cut, so the
    // client, still sending, receives the XML error instead of a reset connection.
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > opts.bodyLimit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => done(null, tooLarge ? TOO_LARGE : Buffer.concat(chunks).toString('utf8')));
    payload.on('error', (e) => done(e, undefined));
  });

  app.post(XML_GATEWAY_PATH, { config: { edge: XML_ROUTE } }, async (req, reply) => {
    const raw = req.body as string | typeof TOO_LARGE | undefined;
    const answer = await answerGatewayRequest(
      {
        db: opts.db,
        catalog: opts.catalog,
        logError: (err) => req.log.error({ err }, 'xml gateway function failed'),
        gate: xmlGate(opts.admissions, req, reply),
      },
      {
        body: raw === TOO_LARGE ? null : (raw ?? ''),
        bodyLimit: opts.bodyLimit,
        endpoint: endpointOf(req),
        clientAddress: req.ip,
      },
    );
    if (answer.companyId) req.lq.companyId = answer.companyId;
    if (answer.transactions) req.lq.transactions = new Map(answer.transactions);
    if (answer.taken) return reply; // an injected dropped connection: nothing to send
    // Returned, so Fastify never sends a second (empty) answer while a slowed body is still streaming.
    return reply
      .code(answer.status ?? 200)
      .type(answer.contentType)
      .send(answer.body);
  });
};

/** Plugins load when the app is readied, so buildApp stays synchronous. */
export function registerXmlGateway(app: FastifyInstance, opts: XmlGatewayOptions): void {
  app.register(gateway, opts);
}
