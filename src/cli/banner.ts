// What `ledgerq serve` prints once it listens: where it is, how to sign in, and a command to try.

import type { Config } from '../config.ts';
import type { RunningServer } from '../server/serve.ts';
import { XML_TRY_QUERY } from '../server/xml-gateway.ts';

export function startBanner(server: RunningServer, config: Config): string {
  const u = server.url;
  return [
    '',
    `ledgerq is listening on ${u}`,
    `  database       ${server.db.displayUrl}${server.seeded ? '  (new: demo companies seeded, small size)' : ''}`,
    config.configFile ? `  configuration  ${config.configFile}` : '',
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
  ].filter((l, i, a) => l !== '' || a[i - 1] !== '').join('\n') + '\n';
}
