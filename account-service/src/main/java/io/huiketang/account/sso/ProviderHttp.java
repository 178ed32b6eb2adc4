package io.huiketang.account.sso;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Every call to an enterprise's provider (discovery, token endpoint, JWKS) goes through here: the
 * host is resolved once, every address it resolves to is checked against {@link ProviderAddresses},
 * and the connection goes to that checked address (with the original Host header, TLS server name
 * and certificate check), so a DNS answer that changes between check and connect changes nothing.
 * Redirects are never followed and answers are bounded in size and time. Checked again on every
 * call, since a document names further URLs and names resolve differently over time.
 */
@ApplicationScoped
class ProviderHttp {

    /** Larger answers are refused: discovery documents, token answers and key sets are a few KB. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;

    record Answer(int status, String contentType, byte[] body) {
    }

    /** A call that did not happen or did not end in an answer; the reason is for the log only. */
    static final class Failed extends Exception {
        Failed(String reason) {
            super(reason, null, false, false);
        }
    }

    private final SsoConfig config;
    private final HttpClient client;

    ProviderHttp(SsoConfig config, Vertx vertx) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.providerTimeout().toMillis())
                .setMaxRedirects(0).setVerifyHost(true).setForceSni(true)
                .setMaxPoolSize(20).setKeepAlive(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * Why this service refuses to call the URL (scheme, a host that does not resolve, an address in
     * its own network), or null: the same rules for the issuer an admin types and every URL a
     * provider's document names.
     *
     * @param issuer the provider's issuer: the switch for local stacks trusts its origin only, so a
     *               local provider's document cannot point this service at the rest of its network
     */
    String refusal(URI uri, URI issuer) {
        try {
            target(uri, issuer);
            return null;
        } catch (Failed e) {
            return e.getMessage();
        }
    }

    /**
     * Why a URL only the person's browser opens (the authorization endpoint, perhaps on the
     * enterprise's intranet) is refused, or null: the scheme rule only, since this service never calls it.
     */
    String browserRefusal(URI uri, URI issuer) {
        try {
            scheme(uri, issuer);
            return null;
        } catch (Failed e) {
            return e.getMessage();
        }
    }

    Answer get(URI uri, URI issuer) throws Failed {
        return send(HttpMethod.GET, uri, issuer, MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json"),
                null);
    }

    Answer postForm(URI uri, URI issuer, String authorization, String form) throws Failed {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json")
                .add("Content-Type", "application/x-www-form-urlencoded");
        if (authorization != null) {
            headers.add("Authorization", authorization);
        }
        return send(HttpMethod.POST, uri, issuer, headers, form);
    }

    private Answer send(HttpMethod method, URI uri, URI issuer, MultiMap headers, String body) throws Failed {
        InetAddress address = target(uri, issuer);
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = port(uri);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long timeout = config.providerTimeout().toMillis();
        RequestOptions request = new RequestOptions().setMethod(method).setHost(host(uri)).setPort(port)
                .setSsl(https).setURI(path).setHeaders(headers).setFollowRedirects(false)
                .setConnectTimeout(timeout).setIdleTimeout(timeout)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()));
        Future<Answer> answer = client.request(request)
                .compose(r -> body == null ? r.send() : r.send(body))
                .compose(ProviderHttp::read);
        try {
            return answer.toCompletionStage().toCompletableFuture().get(2 * timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new Failed(e.getCause() instanceof Failed failed ? failed.getMessage()
                    : "the call failed: " + e.getCause().getClass().getSimpleName());
        } catch (TimeoutException e) {
            throw new Failed("no answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }

    private static Future<Answer> read(HttpClientResponse response) {
        String length = response.getHeader("Content-Length");
        if (length != null && (!length.matches("\\d{1,9}") || Long.parseLong(length) > MAX_ANSWER_BYTES)) {
            response.request().reset();
            return Future.failedFuture(new Failed("answer too large"));
        }
        Promise<Answer> done = Promise.promise();
        Buffer received = Buffer.buffer();
        response.exceptionHandler(done::tryFail);
        response.handler(chunk -> {
            if (received.length() + chunk.length() > MAX_ANSWER_BYTES) {
                done.tryFail(new Failed("answer too large"));
                response.request().reset();
            } else {
                received.appendBuffer(chunk);
            }
        });
        response.endHandler(v -> done.tryComplete(
                new Answer(response.statusCode(), response.getHeader("Content-Type"), received.getBytes())));
        return done.future();
    }

    /** Resolves the host once and checks every address; the first is the one connected to. */
    private InetAddress target(URI uri, URI issuer) throws Failed {
        boolean local = scheme(uri, issuer);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host(uri));
        } catch (UnknownHostException e) {
            throw new Failed("must have a host name that resolves");
        }
        if (!local) {
            for (InetAddress address : addresses) {
                if (ProviderAddresses.isBlocked(address)) {
                    throw new Failed("must be on a public address");
                }
            }
        }
        return addresses[0];
    }

    /** Checks the scheme; whether the URL is on the issuer's own origin under the switch for local stacks. */
    private boolean scheme(URI uri, URI issuer) throws Failed {
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new Failed("must be an absolute URL with a host and no user information");
        }
        boolean local = config.allowLocalIssuers() && sameOrigin(uri, issuer);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(local && scheme.equals("http"))) {
            throw new Failed("must use https");
        }
        return local;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return b != null && b.getScheme() != null && b.getHost() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
