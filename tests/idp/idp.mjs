// Test-only OpenID provider with the device flow, on loopback. Used by tests/sso*.rs
// (ID tokens for the CRM) and tests/imap_oauth.rs (access tokens for IMAP XOAUTH2/OAUTHBEARER,
// which the test Dovecot checks at the introspection endpoint, RFC 7662).
// Usage: node idp.mjs [port|0]     Prints "READY <issuer>" on stdout once listening.
//
// Clients: IDP_CLIENT_ID (public, device flow + refresh tokens), and the confidential
// client `dovecot` (secret IDP_INTROSPECTION_SECRET, default dovecot-secret) that may only
// introspect: POST /token/introspection with HTTP Basic auth and form token=ACCESS_TOKEN
// -> {"active":true,"sub":...,"email":"<sub>@example.test",...} or {"active":false}.
// Only access tokens are introspectable (a refresh token is never a bearer token).
//
// Test hooks (never part of a real provider):
//   POST /__test/approve  form: user_code=XXXX-XXXX [&account=NAME] [&deny=1]
//                         -> 200 {"ok":true} (or deny done) / 409 (unknown or used code)
//   GET  /__test/polls    -> {"token_requests": N, "refreshes": R, "introspections": I}:
//                         how many times /token was called, how many of those were
//                         refresh_token grants, how many introspections were answered
//   POST /__test/revoke   form: what=access|all -> {"revoked": N}: destroy every access
//                         token issued so far (`access`), or also every refresh token
//                         (`all`: the user revoked the app)
// Knobs (environment):
//   IDP_CLIENT_ID          client id (default vtelink-cli)
//   IDP_SLOW_DOWN_POLLS=N  answer the first N device-code polls with `slow_down`
//                          (the stock provider never sends it)
//   IDP_DEVICE_TTL=S       device code lifetime in seconds (default 600), for expiry tests
//   IDP_INTERVAL=S         advertise `interval` in the device authorization answer
//   IDP_ACCESS_TTL=S       access token lifetime in seconds (default 3600), for refresh tests
//   IDP_INTROSPECTION_SECRET  the `dovecot` client's secret (default dovecot-secret)
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const CLIENT_ID = process.env.IDP_CLIENT_ID || 'vtelink-cli';
let slowDownLeft = Number(process.env.IDP_SLOW_DOWN_POLLS || 0);
const deviceTtl = Number(process.env.IDP_DEVICE_TTL || 600);
const advertisedInterval = process.env.IDP_INTERVAL ? Number(process.env.IDP_INTERVAL) : undefined;
const accessTtl = Number(process.env.IDP_ACCESS_TTL || 3600);
const introspectionSecret = process.env.IDP_INTROSPECTION_SECRET || 'dovecot-secret';
let tokenRequests = 0;
let refreshes = 0;
let introspections = 0;
// Every token issued, by kind, so a hook can revoke them.
const issued = { AccessToken: new Set(), RefreshToken: new Set() };
let approveAs = 'test-user';

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
const server = http.createServer();
await new Promise((r) => server.listen(Number(process.argv[2] || 0), '127.0.0.1', r));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: CLIENT_ID,
    token_endpoint_auth_method: 'none', // public client, like a CLI
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
  }, {
    client_id: 'dovecot',
    client_secret: introspectionSecret,
    token_endpoint_auth_method: 'client_secret_basic', // what Dovecot's oauth2 passdb sends
    grant_types: [],
    response_types: [],
    redirect_uris: [],
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  features: {
    deviceFlow: { enabled: true },
    devInteractions: { enabled: false },
    introspection: {
      enabled: true,
      // Only the mail server's client, and only access tokens.
      allowedPolicy: async (ctx, client, token) =>
        client.clientId === 'dovecot' && token.kind === 'AccessToken',
    },
  },
  // The mailbox address, as Microsoft 365 and Google put it in their tokens: Dovecot's
  // username_attribute = email.
  extraTokenClaims: async (ctx, token) =>
    token.kind === 'AccessToken' && token.accountId ? { email: `${token.accountId}@example.test` } : undefined,
  scopes: ['openid', 'offline_access', 'email', 'profile'],
  claims: { email: ['email', 'email_verified'], profile: ['name'] },
  // Put email into the ID token itself so the CRM can map users by e-mail.
  conformIdTokenClaims: false,
  findAccount: async (ctx, sub) => ({
    accountId: sub,
    claims: async () => ({ sub, email: `${sub}@example.test`, email_verified: true, name: sub }),
  }),
  issueRefreshToken: async (ctx, client, code) =>
    client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { DeviceCode: deviceTtl, AccessToken: accessTtl, IdToken: 3600, RefreshToken: 86400 },
});

for (const kind of Object.keys(issued)) {
  const event = kind === 'AccessToken' ? 'access_token.saved' : 'refresh_token.saved';
  provider.on(event, (token) => issued[kind].add(token.jti));
}
provider.on('introspection.error', () => {});
provider.use(async (ctx, next) => {
  await next();
  if (ctx.method === 'POST' && ctx.path === '/token/introspection') introspections += 1;
  if (ctx.method === 'POST' && ctx.path === '/token' && ctx.status === 200 && ctx.oidc?.params?.grant_type === 'refresh_token') {
    refreshes += 1;
  }
});

// Knobs that need to see the token endpoint's traffic.
provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/token') {
    tokenRequests += 1;
    if (slowDownLeft > 0 && ctx.is('application/x-www-form-urlencoded')) {
      // Peek at the grant type without consuming the body the provider parses.
      const raw = await readBody(ctx.req);
      const params = new URLSearchParams(raw);
      if (params.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code') {
        slowDownLeft -= 1;
        ctx.status = 400;
        ctx.body = { error: 'slow_down', error_description: 'test knob: poll less often' };
        return;
      }
      ctx.req = replay(ctx.req, raw);
      ctx.request.req = ctx.req;
    }
  }
  await next();
  if (advertisedInterval !== undefined && ctx.method === 'POST' && ctx.path === '/device/auth'
      && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
    ctx.body = { ...ctx.body, interval: advertisedInterval };
  }
});

async function readBody(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw;
}

// A request object whose body can be read again.
function replay(req, raw) {
  const clone = new http.IncomingMessage(req.socket);
  clone.method = req.method; clone.url = req.url; clone.headers = { ...req.headers };
  clone.headers['content-length'] = String(Buffer.byteLength(raw));
  clone.push(raw); clone.push(null);
  return clone;
}

// Auto-answer every interaction: log in as `approveAs`, consent to everything asked.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt: { name, details: d }, params } = details;
  let result = { login: { accountId: approveAs } };
  if (name !== 'login') {
    const grant = details.grantId ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    for (const [ind, s] of Object.entries(d.missingResourceScopes || {})) grant.addResourceScope(ind, s.join(' '));
    result = { consent: { grantId: await grant.save() } };
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

// Drive the provider's own /device pages over HTTP with a tiny cookie jar (no browser).
async function approve(userCode, deny) {
  const jar = new Map();
  const go = async (url, body) => {
    const r = await fetch(new URL(url, issuer), {
      method: body ? 'POST' : 'GET', redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body: body && new URLSearchParams(body).toString(),
    });
    for (const c of r.headers.getSetCookie()) {
      const [kv] = c.split(';'); const i = kv.indexOf('='); jar.set(kv.slice(0, i), kv.slice(i + 1));
    }
    const loc = r.headers.get('location');
    return loc ? go(loc) : { status: r.status, text: await r.text() };
  };
  const xsrf = (html) => /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
  const confirm = await go('/device', { xsrf: xsrf((await go('/device')).text), user_code: userCode });
  if (!/name="confirm"/.test(confirm.text)) return { ok: false, status: confirm.status };
  const done = await go('/device', {
    xsrf: xsrf(confirm.text), user_code: userCode, ...(deny ? { abort: 'yes' } : { confirm: 'yes' }),
  });
  return { ok: !deny && /success/i.test(done.text), status: done.status };
}

const app = provider.callback();
server.on('request', async (req, res) => {
  try {
    if (req.url.startsWith('/interaction/')) return await interaction(req, res);
    if (req.method === 'POST' && req.url === '/__test/approve') {
      const p = new URLSearchParams(await readBody(req));
      approveAs = p.get('account') || 'test-user';
      const deny = p.get('deny') === '1';
      const r = await approve(p.get('user_code'), deny);
      res.writeHead(r.ok || deny ? 200 : 409, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(r));
    }
    if (req.method === 'GET' && req.url === '/__test/polls') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ token_requests: tokenRequests, refreshes, introspections }));
    }
    if (req.method === 'POST' && req.url === '/__test/revoke') {
      const what = new URLSearchParams(await readBody(req)).get('what') || 'access';
      const kinds = what === 'all' ? ['AccessToken', 'RefreshToken'] : ['AccessToken'];
      let revoked = 0;
      for (const kind of kinds) {
        for (const jti of issued[kind]) {
          const token = await provider[kind].find(jti);
          if (token) { await token.destroy(); revoked += 1; }
        }
        issued[kind].clear();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ revoked }));
    }
    return app(req, res);
  } catch (e) {
    res.writeHead(500); res.end(String(e?.stack || e));
  }
});
console.log(`READY ${issuer}`);
