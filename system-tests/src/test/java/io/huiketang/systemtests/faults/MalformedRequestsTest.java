package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Platform;

/**
 * Every operation of the gateway's merged OpenAPI document, called the way no well-behaved client
 * would: nonsense in its path and query parameters, bodies that are not JSON, JSON of the wrong
 * shape, huge or deeply nested documents, the wrong media type; with and without a valid token.
 * Whatever arrives, the answer is a 4xx problem, never a 5xx.
 */
class MalformedRequestsTest {

    private static final List<String> PATH_VALUES = List.of("x", "00000000-0000-0000-0000-00000000000z",
            "..%2F..%2Fetc%2Fpasswd", "%00", "9".repeat(40), "%F0%9F%98%80", "%27%20OR%201%3D1%20--", "-1");
    private static final List<String> QUERY_VALUES = List.of("", "x", "-1", "9".repeat(30), "2026-02-30", "%00",
            "1e309", "%E4%BC%9A");
    private static final List<byte[]> BODIES = List.of(bytes("{"), bytes("[]"), bytes("null"), bytes("\"text\""),
            bytes("{\"phone\":123,\"number\":{},\"topic\":[\"x\"],\"kind\":\"NOT_A_KIND\",\"code\":true}"),
            bytes("[".repeat(5_000) + "]".repeat(5_000)),
            bytes("{\"topic\":\"" + "会".repeat(700_000) + "\"}"),
            new byte[] { '{', '"', 't', 'o', 'p', 'i', 'c', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' },
            bytes("{\"plannedStart\":\"yesterday\",\"plannedMinutes\":-5,\"passcode\":\"abc\",\"from\":\"x\"}"));
    // Calls that would end the caller's own session, so that the rest would run without a token
    private static final List<String> SESSION_ENDING = List.of("/api/v1/accounts/logout", "/api/v1/accounts/me/cancellation");

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void noMalformedOrOversizeRequestGetsA5xx() {
        JsonNode api = app.get("/api/openapi?format=json", null).expect(200);
        String token = app.registerAdult("模糊测试").token();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                for (String caller : SESSION_ENDING.contains(path.getKey()) ? new String[] { null }
                        : new String[] { null, token }) {
                    for (int variant = 0; variant < PATH_VALUES.size(); variant++) {
                        String url = concrete(path.getKey(), op.getValue(), variant);
                        boolean hasBody = List.of("POST", "PUT", "PATCH").contains(method);
                        byte[] body = hasBody ? BODIES.get(variant % BODIES.size()) : null;
                        sent++;
                        check(failures, send(method, url, caller, body, "application/json"));
                        if (hasBody && variant == 0) {
                            sent++;
                            check(failures, send(method, url, caller, bytes("hello"), "text/plain"));
                            for (byte[] other : BODIES) {
                                sent++;
                                check(failures, send(method, url, caller, other, "application/json"));
                            }
                        }
                    }
                }
            }
        }
        System.out.println("malformed requests sent through the gateway: " + sent + ", answered wrongly: "
                + failures.size());
        assertTrue(sent >= 300, "hundreds of requests, from the document's " + api.get("paths").size() + " paths");
        assertTrue(failures.isEmpty(), failures.size() + " wrong answers:\n" + String.join("\n", failures));
    }

    private Answer send(String method, String url, String token, byte[] body, String contentType) {
        HttpRequest.Builder request = app.request("", token).uri(URI.create(platform.gatewayUrl() + url));
        if (body == null) {
            request.method(method, BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, BodyPublishers.ofByteArray(body));
        }
        return app.send(request.build());
    }

    /**
     * A 5xx or a 4xx that is no problem is wrong. Every service in the document is up, so a 503 is
     * wrong too, except where the service says WeChat, which these machines cannot reach, is down.
     */
    private static void check(List<String> failures, Answer answer) {
        String type = answer.header("Content-Type");
        boolean problem = type != null && type.startsWith("application/problem+json");
        boolean weChatUnreachable = answer.status() == 503 && problem
                && answer.path().startsWith("/api/v1/accounts/wechat/") && answer.body().contains("WeChat cannot be reached");
        if (!weChatUnreachable && (answer.status() >= 500 || (answer.status() >= 400 && !problem))) {
            String body = answer.body();
            failures.add(answer.status() + " " + answer.method() + " " + answer.path() + " (" + type + "): "
                    + body.substring(0, Math.min(200, body.length())));
        }
    }

    /** The path with its parameters filled in with this variant's nonsense, and nonsense query parameters. */
    private static String concrete(String template, JsonNode operation, int variant) {
        String path = template.replaceAll("\\{[^}]+}", PATH_VALUES.get(variant));
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.path("parameters")) {
            if ("query".equals(parameter.path("in").asText())) {
                query.append(query.isEmpty() ? '?' : '&')
                        .append(URLEncoder.encode(parameter.get("name").asText(), StandardCharsets.UTF_8)).append('=')
                        .append(QUERY_VALUES.get(variant % QUERY_VALUES.size()));
            }
        }
        return path + query;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
