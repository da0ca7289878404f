// Shared set-up for one browser's e2e file: fixtures, test server, URLs, timings.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDemoServer } from '../../extension/demo/server.mjs';
import { ScriptedUser, prepare } from './setup.mjs';
import { startTestServer } from './server.mjs';
import { nssTrusting } from './verify.mjs';

export async function createContext() {
  const env = prepare();
  const tests = await startTestServer({ key: readFileSync(env.tls.key), cert: readFileSync(env.tls.cert) });
  // The demo portal over https (no developer setting needed), for the workflow scenarios.
  const demo = await startDemoServer({ port: 0, trust: env.fx.pki.root, intermediates: env.fx.pki.chain, tls: env.tls });
  const server = { ...tests, close: () => Promise.all([tests.close(), demo.close()]) };
  env.tlsCert = readFileSync(env.tls.cert);
  env.nssDir = nssTrusting(env.fx.pki.root, path.join(env.work, 'nss'));
  const httpsOrigin = `https://127.0.0.1:${server.httpsPort}`;
  const httpsOtherOrigin = `https://localhost:${server.httpsPort}`; // another origin, same server
  const httpLocalOrigin = `http://127.0.0.1:${server.httpPort}`;
  // kyso-host's IT policy denies this one (host name mapped to 127.0.0.1 by the browsers).
  const deniedOrigin = `https://denied.kyso.test:${server.httpsPort}`;
  // A site that is allowed to use kyso but is not the portal: the attacker of docs/security.md.
  const evilOrigin = `https://evil.kyso.test:${server.httpsPort}`;
  const config = JSON.parse(readFileSync(env.config, 'utf8'));
  writeFileSync(env.config, JSON.stringify({ ...config, deniedOrigins: [deniedOrigin] }, null, 2));
  return {
    env,
    server,
    user: new ScriptedUser(env.pinentry),
    timings: {},
    urls: {
      httpsOrigin,
      httpsHost: '127.0.0.1',
      https: `${httpsOrigin}/`,
      httpsOtherOrigin,
      httpsOther: `${httpsOtherOrigin}/`,
      httpLocalOrigin,
      httpLocal: `${httpLocalOrigin}/`,
      httpInsecure: `http://kyso-insecure.test:${server.httpPort}/`,
      deniedOrigin,
      denied: `${deniedOrigin}/`,
      evilOrigin,
      evil: `${evilOrigin}/`,
      demo: demo.url,
    },
  };
}
