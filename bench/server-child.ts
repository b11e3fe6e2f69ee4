// Benchmark server process: ledgerq on one port and a bare Fastify route (the HTTP ceiling) on another, so the parent
// can sample this pid's RSS.
//
//   node --import tsx bench/server-child.ts --db URL      prints one JSON line {"url", "bareUrl"} when listening

import Fastify from 'fastify';
import { loadConfig } from '../src/app/config.ts';
import { startServer } from '../src/server/serve.ts';

const args = process.argv.slice(2);
const db = args[args.indexOf('--db') + 1];
if (!db || args.indexOf('--db') < 0) throw new Error('server-child: --db URL is required');

const server = await startServer(loadConfig({ db, port: 0 }, {}), { seedDemo: false, logger: false });

// The bare route answers POST with a body the parent sets to the size (and type) of the ledgerq answer it is compared
// with.
const bare = new Map<string, { type: string; body: Buffer }>();
const ceiling = Fastify({ logger: false });
ceiling.removeAllContentTypeParsers();
ceiling.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
ceiling.put<{ Params: { name: string } }>('/bare/:name', async (req) => {
  const body = Buffer.from(req.body as string, 'utf8');
  bare.set(req.params.name, { type: String(req.headers['x-bare-type'] ?? 'text/plain'), body });
  return { bytes: body.length };
});
ceiling.post<{ Params: { name: string } }>('/bare/:name', async (req, reply) => {
  const b = bare.get(req.params.name);
  if (!b) return reply.code(404).send('no body set');
  return reply.type(b.type).send(b.body);
});
const bareAddress = await ceiling.listen({ host: '127.0.0.1', port: 0 });

process.stdout.write(`${JSON.stringify({ url: server.url, bareUrl: `${bareAddress}/bare` })}\n`);

const stop = () => {
  void Promise.all([server.close(), ceiling.close()]).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
