package io.huiketang.gateway.accesslog;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One request as the network log keeps it (event {@code huiketang.gateway.request-logged.v1}): no
 * query string, no identifiers in the path, the caller only as a keyed hash.
 *
 * @param subjectHash HMAC-SHA256 of the token's subject with the platform's lookup key; absent when anonymous
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessLogEntry(
        @JsonFormat(shape = JsonFormat.Shape.STRING) OffsetDateTime time,
        String clientIp, String method, String pathTemplate, String route, int status, long latencyMicros,
        String subjectHash, String requestId) {

    public static final String TYPE = "huiketang.gateway.request-logged.v1";
}
