package io.huiketang.kit.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.huiketang.kit.auth.StaleTokenException;
import io.huiketang.kit.auth.TokenChecksUnavailableException;
import io.huiketang.kit.persistence.DatabaseFailures;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Maps every exception a resource can raise to an RFC 9457 problem. The one place that decides
 * what a client sees when something goes wrong: input errors name the field, server faults are
 * logged with the request id and never show a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper(priority = 1)
    public Response problem(ProblemException e, HttpServerRequest request) {
        Response response = Problems.response(e.problem(), request);
        if (e.retryAfter() != null) {
            long seconds = Math.max(1, (long) Math.ceil(e.retryAfter().toMillis() / 1000.0));
            return Response.fromResponse(response).header("Retry-After", seconds).build();
        }
        return response;
    }

    @ServerExceptionMapper(priority = 1)
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<ConstraintViolation<?>> violations = e.getConstraintViolations();
        for (ConstraintViolation<?> violation : violations) {
            if (isReturnValue(violation.getPropertyPath())) {
                // An invalid response is our bug, not the client's
                return unexpected(e, request);
            }
            errors.add(new Problem.FieldError(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        String detail = errors.size() == 1
                ? "The field '" + errors.get(0).field() + "' " + errors.get(0).message() + "."
                : errors.size() + " fields are invalid.";
        return Problems.response(new Problem(Problem.BLANK, "Invalid request", 400, detail, null, null, errors),
                request);
    }

    @ServerExceptionMapper(priority = 1)
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        return Problems.response(jsonProblem(e), request);
    }

    // Quarkus REST maps this subtype itself; naming it here makes ours win
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return Problems.response(jsonProblem(e), request);
    }

    @ServerExceptionMapper(priority = 1)
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        // Quarkus REST wraps body-reading failures; unwrap them so the field is named
        if (e.getCause() instanceof JsonProcessingException json) {
            return Problems.response(jsonProblem(json), request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        return Problems.response(Problems.forStatus(status, Problems.safeDetail(status)), request);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return Problems.response(Problems.forStatus(401, "A valid access token is required."), request);
    }

    @ServerExceptionMapper(priority = 1)
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        if (StaleTokenException.isCauseOf(e)) {
            return Problems.response(StaleTokenException.problem(), request);
        }
        // The security layer may wrap what a token check raised
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TokenChecksUnavailableException unavailable) {
                return tokenChecksUnavailable(unavailable, request);
            }
        }
        return Problems.response(Problems.forStatus(401, "A valid access token is required."), request);
    }

    // Redis out of reach: whether the token was revoked cannot be told, so nothing is let through (fail closed)
    @ServerExceptionMapper(priority = 1)
    public Response tokenChecksUnavailable(TokenChecksUnavailableException e, HttpServerRequest request) {
        return Response.fromResponse(Problems.response(Problems.forStatus(503, TokenChecksUnavailableException.DETAIL),
                request)).header("Retry-After", 5).build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return Problems.response(Problems.forStatus(403, "You are not allowed to do this."), request);
    }

    // Tokens cannot be checked while the issuer's keys are out of reach: a temporary state, not a fault
    @ServerExceptionMapper(priority = 1)
    public Response issuerUnavailable(OIDCException e, HttpServerRequest request) {
        LOG.warnf("Token issuer unavailable on %s %s: %s", request.method(), request.path(), e.getMessage());
        return Response.fromResponse(Problems.response(Problems.forStatus(503,
                "Access tokens cannot be verified right now; retry shortly."), request))
                .header("Retry-After", 5).build();
    }

    @ServerExceptionMapper(priority = 10)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        // The database out of reach (down, restarting, pool exhausted) or a lost deadlock is a temporary
        // state, not a fault; the transaction was rolled back, so the client may simply retry
        if (DatabaseFailures.transientFailure(e)) {
            LOG.warnf("Database unavailable on %s %s: %s", request.method(), request.path(), e.getClass().getName());
            return Response.fromResponse(Problems.response(Problems.forStatus(503,
                    "The service cannot complete this with its database right now; nothing was changed. "
                            + "Retry shortly."), request))
                    .header("Retry-After", 5).build();
        }
        // Logged with its request id so an operator can find it; the client only sees the id
        LOG.errorf(e, "Unhandled error on %s %s", request.method(), request.path());
        return Problems.response(Problems.forStatus(500, "An unexpected error occurred. Quote the request id "
                + "when you report it."), request);
    }

    static Problem jsonProblem(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return new Problem(Problem.BLANK, "Malformed JSON", 400,
                    "The request body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ").",
                    null, null, List.of());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = pathOf(mapping.getPath());
            String message = e instanceof UnrecognizedPropertyException ? "is not a known field"
                    : "has the wrong type or format";
            return new Problem(Problem.BLANK, "Invalid request", 400, "The field '" + field + "' " + message + ".",
                    null, null, List.of(new Problem.FieldError(field, message)));
        }
        return new Problem(Problem.BLANK, "Malformed JSON", 400, "The request body could not be read as JSON.",
                null, null, List.of());
    }

    static String pathOf(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** The client-facing name of a violated property: the method and parameter nodes are dropped. */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            // An element of a list or map: its index belongs to the segment before it
            if (node.isInIterable() && (node.getIndex() != null || node.getKey() != null)) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                continue;
            }
            if (field.length() > 0) {
                field.append('.');
            }
            field.append(node.getName());
        }
        if (field.length() == 0 && parameter != null) {
            return parameter;
        }
        return field.length() == 0 ? String.valueOf(path) : field.toString();
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }
}
