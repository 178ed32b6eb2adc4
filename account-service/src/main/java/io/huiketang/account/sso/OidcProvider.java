package io.huiketang.account.sso;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.http.Get;
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

    private final Map<String, Discovered> discovered = new ConcurrentHashMap<>();
    private final Map<URI, VerificationKeyResolver> keyResolvers = new ConcurrentHashMap<>();
    private final SsoConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    OidcProvider(SsoConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.providerTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
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
        checkIssuer(issuer);
        URI location = URI.create(stripSlash(issuer) + "/.well-known/openid-configuration");
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(location).timeout(config.providerTimeout())
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ProviderException("its discovery document could not be fetched");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("its discovery document could not be fetched");
        }
        if (response.statusCode() != 200) {
            throw new ProviderException("its discovery document could not be fetched (status " + response.statusCode()
                    + ")");
        }
        JsonNode document = readJson(response.body());
        if (document == null) {
            throw new ProviderException("its discovery document is not valid JSON");
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
        Endpoints endpoints = new Endpoints(issuer, endpoint(document, "authorization_endpoint"),
                endpoint(document, "token_endpoint"), endpoint(document, "jwks_uri"), secretInBody);
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
        HttpRequest.Builder request = HttpRequest.newBuilder(provider.token()).timeout(config.providerTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (provider.secretInBody()) {
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
        } else {
            // RFC 6749 2.3.1: both parts form-encoded before Basic encoding
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8)));
        }
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw SsoProblems.providerUnavailable("its token endpoint could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SsoProblems.providerUnavailable("its token endpoint could not be reached");
        }
        JsonNode answer = readJson(response.body());
        String error = answer == null ? "" : answer.path("error").asText();
        if (error.equals("invalid_grant")) {
            throw SsoProblems.codeRejected();
        }
        if (error.equals("invalid_client") || error.equals("unauthorized_client")) {
            throw SsoProblems.providerUnavailable(
                    "it refused this service's client credentials; an administrator must check the SSO configuration");
        }
        if (response.statusCode() != 200 || answer == null) {
            throw SsoProblems.providerUnavailable("its token endpoint answered with status " + response.statusCode());
        }
        String idToken = answer.path("id_token").asText(null);
        if (idToken == null) {
            throw SsoProblems.providerUnavailable("it returned no ID token");
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
                .setVerificationKeyResolver(keyResolvers.computeIfAbsent(provider.jwks(), this::keyResolver))
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
            // Error codes only: jose4j's messages quote the claims, which hold personal data
            LOG.infof("ID token from %s refused: jose4j error codes %s", provider.issuer(),
                    e.getErrorDetails().stream().map(ErrorCodeValidator.Error::getErrorCode).toList());
            throw SsoProblems.idTokenInvalid();
        } catch (MalformedClaimException e) {
            throw SsoProblems.idTokenInvalid();
        }
    }

    private VerificationKeyResolver keyResolver(URI jwksUri) {
        // Caches the provider's keys and fetches them again when a token names an unknown key id
        HttpsJwks jwks = new HttpsJwks(jwksUri.toString());
        Get get = new Get();
        get.setConnectTimeout((int) config.providerTimeout().toMillis());
        get.setReadTimeout((int) config.providerTimeout().toMillis());
        jwks.setSimpleHttpGet(get);
        return new HttpsJwksVerificationKeyResolver(jwks);
    }

    /** The issuer as a URL this service may call: https (plain http only for local stacks), no query or fragment. */
    private void checkIssuer(String issuer) {
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            throw new ProviderException("is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ProviderException("must be an absolute URL without query or fragment");
        }
        String refused = notCallable(uri);
        if (refused != null) {
            throw new ProviderException(refused);
        }
    }

    private URI endpoint(JsonNode document, String name) {
        URI uri;
        try {
            uri = new URI(document.path(name).asText(""));
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
            throw new ProviderException("must publish a valid " + name + " in its discovery document");
        }
        String refused = notCallable(uri);
        if (refused != null) {
            throw new ProviderException("publishes a " + name + " that " + refused);
        }
        return uri;
    }

    /** Why this service refuses to call the URL (plain http, its own network), or null. */
    private String notCallable(URI uri) {
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (config.allowLocalIssuers()) {
            return scheme.equals("https") || scheme.equals("http") ? null : "must use http or https";
        }
        if (!scheme.equals("https")) {
            return "must use https";
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (isInternal(address)) {
                    return "must be on a public address";
                }
            }
        } catch (UnknownHostException e) {
            return "must have a host name that resolves";
        }
        return null;
    }

    private static boolean isInternal(InetAddress address) {
        boolean uniqueLocalV6 = address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
        return address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress() || uniqueLocalV6;
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
