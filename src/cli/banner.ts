// What `ledgerq serve` prints once it listens: where it is, how to sign in, and a command to try.

import type { Config } from '../app/config.ts';
import type { RunningServer } from '../server/serve.ts';
import { XML_TRY_QUERY } from '../server/xml-gateway.ts';

/** The admin API's token: printed when generated (and where `ledgerq admin` will read it), never when it came from the configuration. */
function adminLine(server: BannerFacts): string {
  const a = server.admin;
  switch (a.source) {
    case 'disabled':
      return '  admin API      disabled (no admin token)';
    case 'configured':
      return '  admin token    from LEDGERQ_ADMIN_TOKEN / the configuration';
    case 'given':
      return '  admin token    given by the caller';
    case 'generated':
      return `  admin token    ${a.token}  ${a.file ? `(in ${a.file}, mode 0600, read by \`ledgerq admin\`)` : `(could not be saved: ${a.fileError})`}`;
  }
}

/** What the banner tells: one server's, or the primary's of `serve --processes N` (with its workers' pids). */
export type BannerFacts = Pick<RunningServer, 'url' | 'seeded' | 'admin'> & {
  readonly db: { readonly displayUrl: string };
  readonly pids?: () => readonly number[];
};

export function startBanner(server: BannerFacts, config: Config): string {
  const u = server.url;
  return `${[
    '',
    `ledgerq is listening on ${u}`,
    `  database       ${server.db.displayUrl}${server.seeded ? '  (new: demo companies seeded, small size)' : ''}`,
    config.configFile ? `  configuration  ${config.configFile}` : '',
    adminLine(server),
    server.pids
      ? `  processes      ${server.pids().length} serving this port (pids ${server.pids().join(', ')}); jobs run in the primary (pid ${process.pid})`
      : '',
    '',
    'Demo companies (ids and credentials are fixed; see README):',
    '  company demo   multi-entity (entities US, UK, private PRIV), premium service level',
    '  company demo2  single entity, standard service level',
    '  user admin / password admin        (both companies; also viewer/viewer read-only)',
    '  web-services sender ledgerq / ledgerq',
    '  OAuth2 client ledgerq-demo / secret ledgerq-demo',
    '',
    'Try it:',
    `  curl -s ${u}/healthz`,
    `  curl -s -X POST ${u}/ia/xml/xmlgw.phtml -H 'Content-Type: application/xml' \\`,
    `    --data '${XML_TRY_QUERY}'`,
    `  curl -s -X POST ${u}/ia/api/v1/oauth2/token -d grant_type=client_credentials -d client_id=ledgerq-demo -d client_secret=ledgerq-demo -d username=admin@demo`,
    '',
    'Ctrl-C stops the server; the data stays in the database for the next start.',
    '',
  ]
    .filter((l, i, a) => l !== '' || a[i - 1] !== '')
    .join('\n')}\n`;
}
