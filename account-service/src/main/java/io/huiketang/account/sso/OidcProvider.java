package io.huiketang.account.sso;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The relying-party side of OpenID Connect for any enterprise's provider: discovery, the code
 * exchange (PKCE verifier and client secret) and ID-token verification against the provider's
 * JWKS. Implemented here rather than with quarkus-oidc's web-app flow so that the login answers
 * with the platform's tokens and RFC 9457 problems, not with redirects and a session cookie.
 */
@ApplicationScoped
class OidcProvider {

    private static final Logger LOG = Logger.getLogger(OidcProvider.class);
    private static final Duration DISCOVERY_CACHE = Duration.ofMinutes(10);
    // Asymmetric only: "none" and HMAC (keyed with the client secret) are never accepted
    private static final String[] SIGNATURE_ALGORITHMS = { AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA512, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512 };

    /**
     * A provider's endpoints, from its discovery document.
     *
     * @param secretInBody the provider takes the client secret only in the form (client_secret_post)
     */
    record Endpoints(String issuer, URI authorization, URI token, URI jwks, boolean secretInBody) {
    }

    /** The provider cannot be used; the message says why, completing "the issuer ..." (no provider output in it). */
    static class ProviderException extends RuntimeException {
        ProviderException(String message) {
            super(message, null, false, false);
        }
    }

    private record Discovered(Endpoints endpoints, Instant at) {
    }

    /**
     * What an admin is told about any failure once this service has called the provider: the same
     * words whatever happened (refused, timed out, which status, a redirect, an endpoint on a
     * refused address), so the answer is no probe of addresses, ports or services.
     */
    static final String UNUSABLE = "could not be used: its discovery document could not be fetched, or names "
            + "endpoints this service does not call (https, public addresses, no redirects)";

    private final Map<String, Discovered> discovered = new ConcurrentHashMap<>();
    private final Map<URI, VerificationKeyResolver> keyResolvers = new ConcurrentHashMap<>();
    private final ObjectMapper json;
    private final ProviderHttp http;

    OidcProvider(ObjectMapper json, ProviderHttp http) {
        this.json = json;
        this.http = http;
    }

    /** The provider's endpoints, from a discovery document fetched in the last few minutes. */
    Endpoints endpoints(String issuer) {
        Discovered known = discovered.get(issuer);
        if (known != null && known.at().plus(DISCOVERY_CACHE).isAfter(Instant.now())) {
            return known.endpoints();
        }
        return discover(issuer);
    }

    /** Fetches and checks the issuer's discovery document now (when an admin saves the configuration). */
    Endpoints discover(String issuer) {
        URI issuerUri = checkIssuer(issuer);
        URI location = URI.create(stripSlash(issuer) + "/.well-known/openid-configuration");
        JsonNode document;
        try {
            ProviderHttp.Answer answer = http.get(location, issuerUri);
            document = answer.status() == 200 ? readJson(answer.body()) : null;
            if (document == null) {
                throw new ProviderHttp.Failed(answer.status() == 200 ? "not a JSON object" : "status " + answer.status());
            }
        } catch (ProviderHttp.Failed e) {
            LOG.infof("Discovery document of an SSO issuer refused: %s", e.getMessage());
            throw new ProviderException(UNUSABLE);
        }
        // OpenID Connect Discovery 4.3: the document must name exactly this issuer
        if (!issuer.equals(document.path("issuer").asText())) {
            throw new ProviderException("does not match the issuer named in its discovery document");
        }
        JsonNode pkce = document.path("code_challenge_methods_supported");
        if (pkce.isArray() && !contains(pkce, "S256")) {
            throw new ProviderException("does not support PKCE with S256");
        }
        JsonNode auth = document.path("token_endpoint_auth_methods_supported");
        boolean secretInBody = auth.isArray() && !contains(auth, "client_secret_basic")
                && contains(auth, "client_secret_post");
        Endpoints endpoints = new Endpoints(issuer, endpoint(document, "authorization_endpoint", issuerUri, false),
                endpoint(document, "token_endpoint", issuerUri, true), endpoint(document, "jwks_uri", issuerUri, true),
                secretInBody);
        discovered.put(issuer, new Discovered(endpoints, Instant.now()));
        return endpoints;
    }

    /**
     * Exchanges the authorization code for the provider's tokens and returns the ID token.
     *
     * @param redirectUri the one sent with the authorization request (the provider compares them)
     */
    String exchangeCode(Endpoints provider, String clientId, String clientSecret, String code, String redirectUri,
            String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        String authorization = null;
        if (provider.secretInBody()) {
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
        } else {
            // RFC 6749 2.3.1: both parts form-encoded before Basic encoding
            authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        }
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        ProviderHttp.Answer response;
        try {
            response = http.postForm(provider.token(), URI.create(provider.issuer()), authorization, body);
        } catch (ProviderHttp.Failed e) {
            LOG.infof("Token endpoint of SSO issuer %s failed: %s", provider.issuer(), e.getMessage());
            throw SsoProblems.providerUnavailable();
        }
        JsonNode answer = readJson(response.body());
        String error = answer == null ? "" : answer.path("error").asText();
        if (error.equals("invalid_grant")) {
            throw SsoProblems.codeRejected();
        }
        if (response.status() != 200 || answer == null) {
            // invalid_client included: the administrator learns it from the log, the person from nobody
            LOG.infof("Token endpoint of SSO issuer %s refused the exchange: status %d, error %s", provider.issuer(),
                    response.status(), error.matches("[a-z_]{1,40}") ? error : "-");
            throw SsoProblems.providerUnavailable();
        }
        String idToken = answer.path("id_token").asText(null);
        if (idToken == null) {
            LOG.infof("Token endpoint of SSO issuer %s returned no ID token", provider.issuer());
            throw SsoProblems.providerUnavailable();
        }
        return idToken;
    }

    /** Verifies the ID token's signature against the provider's JWKS, its issuer, audience, expiry and nonce. */
    JwtClaims verifyIdToken(Endpoints provider, String clientId, String idToken, String nonce) {
        var consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(60)
                .setExpectedIssuer(provider.issuer())
                .setExpectedAudience(clientId)
                .setVerificationKeyResolver(keyResolvers.computeIfAbsent(provider.jwks(),
                        jwks -> keyResolver(jwks, URI.create(provider.issuer()))))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, SIGNATURE_ALGORITHMS)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(idToken);
            List<String> audience = claims.getAudience();
            // OpenID Connect Core 3.1.3.7: with several audiences, azp must name this client
            boolean azpOk = audience.size() == 1 || clientId.equals(claims.getClaimValueAsString("azp"));
            if (!nonce.equals(claims.getClaimValueAsString("nonce")) || !azpOk) {
                LOG.infof("ID token from %s refused: nonce or azp mismatch", provider.issuer());
                throw SsoProblems.idTokenInvalid();
            }
            return claims;
        } catch (InvalidJwtException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof KeysUnavailable) {
                    throw SsoProblems.providerUnavailable();
                }
            }
            // Error codes only: jose4j's messages quote the claims, which hold personal data
            LOG.infof("ID token from %s refused: jose4j error codes %s", provider.issuer(),
                    e.getErrorDetails().stream().map(ErrorCodeValidator.Error::getErrorCode).toList());
            throw SsoProblems.idTokenInvalid();
        } catch (MalformedClaimException e) {
            throw SsoProblems.idTokenInvalid();
        }
    }

    private VerificationKeyResolver keyResolver(URI jwksUri, URI issuer) {
        // Caches the provider's keys and fetches them again when a token names an unknown key id,
        // each time through the checked, pinned, redirect-free calls
        HttpsJwks jwks = new HttpsJwks(jwksUri.toString());
        jwks.setSimpleHttpGet(new CheckedGet(issuer));
        return new HttpsJwksVerificationKeyResolver(jwks);
    }

    /** The provider's keys could not be fetched: the provider's failure, not the person's token. */
    private static final class KeysUnavailable extends IOException {
        KeysUnavailable() {
            super("the provider's keys could not be fetched", null);
        }
    }

    /** jose4j's JWKS fetches, through {@link ProviderHttp}; anything but a 200 is no key set. */
    private final class CheckedGet implements SimpleGet {

        private final URI issuer;

        CheckedGet(URI issuer) {
            this.issuer = issuer;
        }

        @Override
        public SimpleResponse get(String location) throws IOException {
            ProviderHttp.Answer answer;
            try {
                answer = http.get(URI.create(location), issuer);
            } catch (ProviderHttp.Failed | IllegalArgumentException e) {
                LOG.infof("JWKS of an SSO issuer could not be fetched: %s", e.getMessage());
                throw new KeysUnavailable();
            }
            if (answer.status() != 200) {
                LOG.infof("JWKS of an SSO issuer answered with status %d", answer.status());
                throw new KeysUnavailable();
            }
            String body = new String(answer.body(), StandardCharsets.UTF_8);
            return new SimpleResponse() {
                @Override
                public int getStatusCode() {
                    return 200;
                }

                @Override
                public String getStatusMessage() {
                    return "OK";
                }

                @Override
                public Collection<String> getHeaderNames() {
                    return List.of();
                }

                @Override
                public List<String> getHeaderValues(String name) {
                    return List.of();
                }

                @Override
                public String getBody() {
                    return body;
                }
            };
        }
    }

    /** The issuer as a URL this service may call: https (plain http only for local stacks), no query or fragment. */
    private URI checkIssuer(String issuer) {
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            throw new ProviderException("is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ProviderException("must be an absolute URL without query or fragment");
        }
        String refused = http.refusal(uri, uri);
        if (refused != null) {
            throw new ProviderException(refused);
        }
        return uri;
    }

    /**
     * An endpoint the document names: one this service calls under the same rules as the issuer
     * (see {@link ProviderHttp#refusal}), one only the browser opens under the scheme rule.
     */
    private URI endpoint(JsonNode document, String name, URI issuer, boolean called) {
        URI uri;
        try {
            uri = new URI(document.path(name).asText(""));
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
            throw new ProviderException("must publish a valid " + name + " in its discovery document");
        }
        String refused = called ? http.refusal(uri, issuer) : http.browserRefusal(uri, issuer);
        if (refused != null) {
            LOG.infof("Discovery document of SSO issuer %s names a %s that %s", issuer, name, refused);
            throw new ProviderException(UNUSABLE);
        }
        return uri;
    }

    private JsonNode readJson(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String stripSlash(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
