// Registers the XML gateway route (POST /ia/xml/xmlgw.phtml): reads any body as XML under a size limit and always
// answers HTTP 200 with Intacct XML.

import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Catalog } from '../catalog/catalog.ts';
import { answerGatewayRequest } from '../protocols/xml/answer-request.ts';
import type { Database } from '../store/database.ts';
import './request-annotations.ts';
import type { EmulatorControls } from '../emulator/emulator-controls.ts';
import { xmlGate } from './request-gates.ts';

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
  /** The emulator's limits and faults; absent, Intacct's default limits apply. */
  readonly controls?: EmulatorControls;
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

  app.setErrorHandler((err, req, reply) => {
    // Even a failure of the HTTP layer reaches an SDK as an Intacct answer: a 5xx would make it retry for 31 s
    // (protocol §1.3).
    req.log.error({ err }, 'xml gateway request failed');
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<response><control><status>failure</status><senderid></senderid><controlid></controlid></control>' +
      '<errormessage><error><errorno>XL03000009</errorno><description>Internal error</description><description2>The request could not be processed.</description2><correction></correction></error></errormessage></response>';
    reply.code(200).type('text/xml; charset=UTF-8').send(body);
  });

  app.post(XML_GATEWAY_PATH, async (req, reply) => {
    const raw = req.body as string | typeof TOO_LARGE | undefined;
    const answer = await answerGatewayRequest(
      {
        db: opts.db,
        catalog: opts.catalog,
        logError: (err) => req.log.error({ err }, 'xml gateway function failed'),
        gate: opts.controls ? xmlGate(opts.controls, req, reply) : undefined,
      },
      { body: raw === TOO_LARGE ? null : (raw ?? ''), bodyLimit: opts.bodyLimit, endpoint: endpointOf(req) },
    );
    if (answer.companyId) req.lqCompany = answer.companyId;
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
