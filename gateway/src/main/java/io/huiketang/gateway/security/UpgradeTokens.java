package io.huiketang.gateway.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Browsers cannot set headers on a WebSocket upgrade, so they carry the access token as a
 * subprotocol, the Quarkus WebSockets Next convention chat-service accepts:
 * {@code Sec-WebSocket-Protocol: bearer-token-carrier, quarkus-http-upgrade#Authorization#Bearer%20<token>}.
 * The gateway reads it as the Authorization header of the upgrade, so the same token check applies;
 * the subprotocols travel on unchanged, for the service to select {@code bearer-token-carrier}.
 */
public final class UpgradeTokens {

    private static final String CARRIER = "quarkus-http-upgrade#Authorization#";

    private UpgradeTokens() {
    }

    /** Sets the upgrade's Authorization header from its subprotocols, unless it already has one. */
    public static void promote(HttpServerRequest upgrade) {
        if (upgrade.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return;
        }
        String protocols = upgrade.getHeader("Sec-WebSocket-Protocol");
        if (protocols == null) {
            return;
        }
        for (String protocol : protocols.split(",")) {
            String offered = protocol.strip();
            if (offered.regionMatches(true, 0, CARRIER, 0, CARRIER.length())) {
                String value = URLDecoder.decode(offered.substring(CARRIER.length()), StandardCharsets.UTF_8);
                upgrade.headers().set(HttpHeaders.AUTHORIZATION, value);
                return;
            }
        }
    }
}
