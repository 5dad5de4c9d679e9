'use strict';
/**
 * One process of the service for the benchmark, run by plain `node` exactly as in production: it boots the BUILT
 * app (dist/, compiled by tsc with decorator metadata), creates a user and two consumers (HMAC-SHA1 with a
 * generated secret, RSA-SHA1 with the public key bench.ts sends) through the real services, and approves request
 * tokens for bench.ts, which runs the token endpoints over HTTP. Serves until told to stop.
 * Environment: DATABASE_URL, DATA_DIR, PORT, PUBLIC_URL, secrets (set by bench.ts).
 */
const { join } = require('node:path');

const { installServerProbe } = require('./server-probe.cjs');

const dist = (path) => require(join(__dirname, '..', 'dist', path));

async function main(setup) {
  const { createProviderApp } = dist('apps/provider/src/app.factory.js');
  // As main.ts does before it builds the app.
  dist('apps/provider/src/v8-tuning.js').tuneV8ForServing();
  const { loadConfiguration } = dist('libs/config/src/index.js');
  const { UsersService } = dist('apps/provider/src/accounts/users.service.js');
  const { ConsumersService } = dist('apps/provider/src/consumers/consumers.service.js');
  const { RequestTokensService } = dist('apps/provider/src/oauth/request-tokens.service.js');

  const app = await createProviderApp(loadConfiguration(process.env));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const user = await app.get(UsersService).create({ username: 'bench', displayName: 'Bench User', role: 'user' });
  const consumers = app.get(ConsumersService);
  const actor = { label: 'bench' };
  const hmac = await consumers.create(actor, { consumerKey: 'bench-hmac', name: 'Bench HMAC', signatureMethods: ['HMAC-SHA1'] });
  await consumers.create(actor, { consumerKey: 'bench-rsa', name: 'Bench RSA', signatureMethods: ['RSA-SHA1'], publicKey: setup.rsaPublicKeyPem });

  const stats = installServerProbe();
  process.on('message', (message) => {
    if (message === 'stop') {
      void app.close().then(() => process.exit(0));
    } else if (message === 'stats') {
      process.send({ stats: stats() });
    } else if (message && message.approve) {
      app
        .get(RequestTokensService)
        .approve(message.approve, user.id)
        .then(({ verifier }) => process.send({ verifier }), (error) => process.send({ error: String(error) }));
    }
  });
  const { port } = app.getHttpServer().address();
  process.send({ baseUrl: `http://127.0.0.1:${port}`, hmacSecret: hmac.sharedSecret });
}

process.once('message', (setup) => {
  main(setup).catch((error) => {
    process.stderr.write(`provider-process: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  });
});
