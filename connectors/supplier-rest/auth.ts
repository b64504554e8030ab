/**
 * @module How `rest-supplier` authenticates its calls: an API-key header, HTTP Basic, or an OAuth 2.0
 * client-credentials token (RFC 6749 §4.4) cached in the connector's state until shortly before it
 * expires, so every job doesn't fetch a token of its own.
 */
import type { ActionContext } from '../sdk/actions.ts';
import { ConfigurationError, UpstreamError } from '../sdk/errors.ts';
import type { RestSupplierConfig, RestSupplierSecrets } from './config.ts';

type Ctx = ActionContext<RestSupplierConfig, RestSupplierSecrets>;

const TOKEN_KEY = 'oauth2:token';
/** A token this close to expiry is renewed rather than sent. */
const EXPIRY_MARGIN_MS = 60_000;

interface CachedToken {
  accessToken: string;
  tokenType: string;
  expiresAt: number;
}

const need = (value: string | undefined, what: string) => {
  if (!value) throw new ConfigurationError(`the "${what}" secret is not set`, 'secret_missing');
  return value;
};

/** Headers that authenticate a call; `fresh` forces a new OAuth token (after a 401). */
export async function authHeaders(ctx: Ctx, fresh = false): Promise<Record<string, string>> {
  const { auth } = ctx.config;
  switch (auth.type) {
    case 'none':
      return {};
    case 'api-key':
      return { [auth.header.toLowerCase()]: auth.prefix + need(ctx.secrets.apiKey, 'apiKey') };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${need(ctx.secrets.password, 'password')}`).toString('base64')}` };
    case 'oauth2-client-credentials': {
      const token = await oauthToken(ctx, fresh);
      return { authorization: `${token.tokenType} ${token.accessToken}` };
    }
  }
}

async function oauthToken(ctx: Ctx, fresh: boolean): Promise<CachedToken> {
  const auth = ctx.config.auth as Extract<RestSupplierConfig['auth'], { type: 'oauth2-client-credentials' }>;
  if (!fresh) {
    const cached = await ctx.state.get<CachedToken>(TOKEN_KEY);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return cached;
  }
  const clientId = need(ctx.secrets.clientId, 'clientId');
  const clientSecret = need(ctx.secrets.clientSecret, 'clientSecret');
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (auth.scope) form.set('scope', auth.scope);
  if (auth.audience) form.set('audience', auth.audience);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth.clientAuthentication === 'basic') {
    // RFC 6749 §2.3.1: client id and secret are form-urlencoded before they are joined.
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
  } else {
    form.set('client_id', clientId);
    form.set('client_secret', clientSecret);
  }
  const absolute = /^https?:\/\//.test(auth.tokenUrl);
  const url = absolute ? new URL(auth.tokenUrl) : undefined;
  const client = ctx.http(url ? url.origin : ctx.config.baseUrl, { timeoutMs: ctx.config.timeoutSeconds * 1000 });
  const res = await client
    .request<{ access_token?: string; token_type?: string; expires_in?: number }>(url ? url.pathname + url.search : auth.tokenUrl, { method: 'POST', body: form.toString(), headers })
    .catch((err) => {
      // A refused client is the configuration; the order should fail over rather than retry for hours.
      if (err instanceof UpstreamError && (err.upstreamStatus === 400 || err.upstreamStatus === 401)) {
        throw new ConfigurationError(`the token endpoint refused the client credentials (${err.upstreamStatus})`, 'oauth2_refused');
      }
      throw err;
    });
  const body = typeof res.body === 'string' ? (JSON.parse(res.body) as typeof res.body) : res.body;
  if (!body?.access_token) throw new UpstreamError('the token endpoint answered without an access_token', { retryable: true, upstreamStatus: res.status });
  const token: CachedToken = {
    accessToken: body.access_token,
    // RFC 6750 names the scheme "Bearer"; some servers answer "bearer".
    tokenType: !body.token_type || body.token_type.toLowerCase() === 'bearer' ? 'Bearer' : body.token_type,
    expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
  };
  await ctx.state.set(TOKEN_KEY, token);
  return token;
}
