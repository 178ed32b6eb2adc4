package io.huiketang.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.huiketang.gateway.support.GatewayUpstreams;
import io.huiketang.kit.testing.RawHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Spelling a credential endpoint differently (a matrix parameter, an encoding, another case, extra or
 * dot segments) never moves it out of the credentials route: the variant is refused (400) or classed
 * as credentials, which a body over that route's 16 KB shows (413) without spending a rate-limit
 * token. Sent on a raw socket, because HTTP clients normalise paths before sending them.
 */
@QuarkusTest
@QuarkusTestResource(GatewayUpstreams.class)
class PathClassificationTest {

    private static final List<String> CREDENTIAL_PATHS = List.of("/api/v1/accounts/logins",
            "/api/v1/accounts/tokens/refresh", "/api/v1/accounts/verification-codes", "/api/v1/accounts/registrations",
            "/api/v1/accounts/wechat/logins", "/api/v1/accounts/wechat/registrations");

    @TestHTTPResource("/")
    URL base;

    static List<String> variantsOf(String path) {
        int last = path.lastIndexOf('/');
        String parent = path.substring(0, last);
        String leaf = path.substring(last + 1);
        return List.of(path, path + ";x", path + ";a=b", parent + ";x/" + leaf, path + "/", path + "//",
                path.replace("/api/v1/", "/api//v1/"), parent + "/./" + leaf, parent + "/x/../" + leaf,
                parent + "%2F" + leaf, parent + "/%" + Integer.toHexString(leaf.charAt(0)).toUpperCase() + leaf.substring(1), parent + "/" + leaf.toUpperCase(),
                path.replace("/api/", "/API/"), parent + "/" + leaf + "%3Bx", parent + "/%2e/" + leaf,
                parent + "\\" + leaf);
    }

    @Test
    void everyVariantOfACredentialEndpointIsRefusedOrClassedCredentials() throws Exception {
        String body = "{\"phone\":\"" + "1".repeat(20_000) + "\"}";
        List<String> escaped = new ArrayList<>();
        for (String path : CREDENTIAL_PATHS) {
            for (String variant : variantsOf(path)) {
                RawHttp.Answer answer = RawHttp.send(base, "POST " + variant + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                // A raw backslash never reaches the gateway: the HTTP parser itself refuses the request line
                boolean refused = answer.status() == 400 && (answer.isProblem() || variant.contains("\\"));
                boolean credentials = answer.status() == 413 && answer.isProblem() && answer.body().contains("16384");
                if (!refused && !credentials) {
                    escaped.add(variant + " -> " + answer.status() + " " + answer.header("Content-Type"));
                }
            }
        }
        assertTrue(escaped.isEmpty(), "classed outside the credentials route: " + escaped);
    }
}
