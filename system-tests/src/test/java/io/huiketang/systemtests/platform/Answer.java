package io.huiketang.systemtests.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the gateway answered to one request, with the checks a client app relies on. */
public record Answer(String method, String path, int status, HttpHeaders headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(method + " " + path + " answered no JSON: " + body, e);
        }
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** Asserts the status and returns the JSON body (null when the body is empty or not JSON). */
    public JsonNode expect(int expected) {
        assertEquals(expected, status, () -> method + " " + path + " answered " + status + ": " + body);
        String type = header("Content-Type");
        return body.isEmpty() || type == null || !type.contains("json") ? null : json();
    }

    /**
     * Asserts an RFC 9457 problem with this status: problem media type, the fields a client reads,
     * and nothing of the server's insides.
     */
    public JsonNode expectProblem(int expected) {
        assertEquals(expected, status, () -> method + " " + path + " answered " + status + ": " + body);
        String type = header("Content-Type");
        assertTrue(type != null && type.startsWith("application/problem+json"),
                () -> method + " " + path + " answered " + type + ": " + body);
        JsonNode problem = json();
        assertEquals(expected, problem.path("status").asInt(), body);
        assertFalse(problem.path("title").asText().isBlank(), body);
        assertFalse(body.contains("Exception") || body.contains("\tat "), () -> "a stack trace leaked: " + body);
        return problem;
    }
}
