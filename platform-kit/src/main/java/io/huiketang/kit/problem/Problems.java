package io.huiketang.kit.problem;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Response;

import io.huiketang.kit.request.RequestIds;
import io.vertx.core.http.HttpServerRequest;

/** Builds problem responses; shared by the JAX-RS mappers and the HTTP-layer handlers. */
public final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    public static Problem forStatus(int status, String detail) {
        return new Problem(Problem.BLANK, titleOf(status), status, detail, null, null, List.of());
    }

    public static Response response(Problem problem, HttpServerRequest request) {
        Problem complete = problem.withRequest(request == null ? null : request.path(), RequestIds.current());
        return Response.status(complete.status()).type(Problem.MEDIA_TYPE).entity(complete).build();
    }

    /** A detail for statuses raised by the framework, where the original message may echo input. */
    static String safeDetail(int status) {
        return switch (status) {
            case 400 -> "The request could not be understood.";
            case 401 -> "A valid access token is required.";
            case 403 -> "You are not allowed to do this.";
            case 404 -> "No resource exists at this path.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "No acceptable representation of this resource exists.";
            case 409 -> "The request conflicts with the current state of the resource.";
            case 413 -> "The request body is larger than this endpoint accepts.";
            case 415 -> "This content type is not supported here; send application/json.";
            case 429 -> "Too many requests; retry later.";
            default -> "The request failed.";
        };
    }

    public static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 408 -> "Request timeout";
            case 413 -> "Payload too large";
            case 414 -> "URI too long";
            case 415 -> "Unsupported media type";
            case 422 -> "Unprocessable content";
            case 429 -> "Too many requests";
            case 431 -> "Request header fields too large";
            case 500 -> "Internal server error";
            case 502 -> "Bad gateway";
            case 503 -> "Service unavailable";
            case 504 -> "Gateway timeout";
            default -> status >= 500 ? "Server error" : "Request error";
        };
    }

    /** Problem JSON written without JAX-RS, for handlers that run in the HTTP layer. */
    public static String json(Problem problem) {
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem record always serialises", e);
        }
    }
}
