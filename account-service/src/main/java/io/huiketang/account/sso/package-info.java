/**
 * Enterprise SSO (ACC-7): an enterprise's administrators configure their own OpenID Connect
 * provider ({@code PUT /api/v1/enterprises/{id}/sso}: issuer checked against its discovery
 * document, client secret encrypted at rest, scopes, claim mapping, verified e-mail domains), and
 * its people log in through it.
 *
 * <p>The login: {@code GET /api/v1/sso/{enterpriseId}/authorize?policyVersion=...} redirects to
 * the provider with state, nonce and an S256 PKCE challenge (kept in Redis, single use, ten
 * minutes) and sets a cookie binding the login to that browser. The provider sends the browser to
 * {@code GET /api/v1/sso/callback} (register {@code huiketang.account.sso.callback-url} at the
 * provider as the redirect URI), which exchanges the code, verifies the ID token (signature against
 * the provider's JWKS, issuer, audience, expiry, nonce), requires a verified e-mail in one of the
 * enterprise's domains, provisions the account and membership at the first login, and answers with
 * the platform's tokens as JSON.
 *
 * <p>Configuration: {@code huiketang.account.sso.callback-url} (default: the public URL plus
 * {@code /api/v1/sso/callback}), {@code login-lifetime} (PT10M), {@code provider-timeout} (PT5S),
 * {@code allow-local-issuers} (false; true only for the local stack and tests, where providers run
 * on plain http on loopback).
 */
package io.huiketang.account.sso;
