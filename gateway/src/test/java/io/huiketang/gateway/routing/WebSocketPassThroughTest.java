package io.huiketang.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.huiketang.gateway.support.GatewayUpstreams;
import io.huiketang.gateway.support.People;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/** A WebSocket upgrade on the chat route reaches the upstream, and frames flow both ways through the gateway. */
@QuarkusTest
@QuarkusTestResource(GatewayUpstreams.class)
class WebSocketPassThroughTest {

    private static final Vertx CLIENT = Vertx.vertx();

    @TestHTTPResource("/")
    URL gateway;

    @AfterAll
    static void closeClient() {
        CLIENT.close();
    }

    @Test
    void framesFlowBothWaysThroughTheGateway() throws Exception {
        WebSocket socket = connect("/api/v1/chat/ws?room=1", People.token());
        CompletableFuture<String> reply = new CompletableFuture<>();
        socket.textMessageHandler(reply::complete);
        socket.writeTextMessage("你好");
        assertEquals("echo: 你好", reply.get(10, TimeUnit.SECONDS));
        socket.close();
    }

    @Test
    void aBrowsersTokenInTheBearerTokenCarrierSubprotocolIsCheckedAsItsHeaderWouldBe() throws Exception {
        WebSocket socket = connect("/api/v1/chat/ws?room=2", null,
                "bearer-token-carrier", "quarkus-http-upgrade#Authorization#Bearer%20" + People.token());
        CompletableFuture<String> reply = new CompletableFuture<>();
        socket.textMessageHandler(reply::complete);
        socket.writeTextMessage("浏览器");
        assertEquals("echo: 浏览器", reply.get(10, TimeUnit.SECONDS));
        socket.close();

        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> connect("/api/v1/chat/ws", null, "bearer-token-carrier",
                        "quarkus-http-upgrade#Authorization#Bearer%20not-a-token"));
        assertTrue(refused.getCause() instanceof UpgradeRejectedException rejected && rejected.getStatus() == 401,
                () -> "refused with " + refused.getCause());
    }

    @Test
    void upgradeWithoutATokenIsRefused() {
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> connect("/api/v1/chat/ws", null));
        assertTrue(refused.getCause() instanceof UpgradeRejectedException rejected && rejected.getStatus() == 401,
                () -> "refused with " + refused.getCause());
    }

    @Test
    void upgradeToADownServiceIs503Problem() {
        given().auth().oauth2(People.token()).header("Upgrade", "websocket").header("Connection", "Upgrade")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .when().get("/api/v1/chat/down/ws")
                .then().statusCode(503).contentType("application/problem+json").body("status", equalTo(503));
    }

    private WebSocket connect(String uri, String token, String... subprotocols) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(gateway.getPort()).setURI(uri);
        if (subprotocols.length > 0) {
            options.setSubProtocols(java.util.List.of(subprotocols));
        }
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        return CLIENT.createHttpClient().webSocket(options).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }
}
