// The official Intacct SDKs accept only endpoints on *.intacct.com (protocol §1.1). Resolving those names to loopback
// for this process is the least invasive way to point an unchanged SDK at ledgerq (docs/clients.md).

import dns from 'node:dns';
import http from 'node:http';
import type { LookupFunction } from 'node:net';

const lookup = ((host: string, opts: unknown, cb?: unknown) => {
  const callback = (typeof opts === 'function' ? opts : cb) as (...args: unknown[]) => void;
  const options = (typeof opts === 'object' && opts !== null ? opts : {}) as { all?: boolean };
  if (/\.intacct\.com\.?$/i.test(host))
    return options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4);
  return dns.lookup(host, options as dns.LookupAllOptions, callback as never);
}) as LookupFunction;

http.globalAgent = new http.Agent({ lookup, keepAlive: false });

/** `http://127.0.0.1:PORT/ia/xml/xmlgw.phtml` → `http://ledgerq.intacct.com:PORT/ia/xml/xmlgw.phtml`. */
export function sdkEndpoint(xmlEndpoint: string): string {
  const u = new URL(xmlEndpoint);
  u.hostname = 'ledgerq.intacct.com';
  return u.toString();
}
