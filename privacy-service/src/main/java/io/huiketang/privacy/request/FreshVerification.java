package io.huiketang.privacy.request;

import java.net.URI;
import java.time.Instant;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;

/**
 * A one-time code proven moments ago (RFC 9470 step-up): account-service's step-up token carries {@code acr}
 * {@code otp} and {@code auth_time}; an ERASURE and the first download of an archive need one not older than
 * {@code huiketang.privacy.requests.fresh-verification}.
 */
@RequestScoped
public class FreshVerification {

    public static final URI STEP_UP_REQUIRED = URI.create("https://huiketang.io/problems/step-up-required");

    private final JsonWebToken token;
    private final RequestsConfig config;

    FreshVerification(JsonWebToken token, RequestsConfig config) {
        this.token = token;
        this.config = config;
    }

    public void require(String action) {
        Object acr = token.getClaim(Caller.Claims.ACR);
        Object authTime = token.getClaim(Caller.Claims.AUTH_TIME);
        long proved = authTime instanceof Number n ? n.longValue()
                : authTime instanceof jakarta.json.JsonNumber j ? j.longValue() : 0;
        if (!Caller.ACR_OTP.equals(acr instanceof jakarta.json.JsonString s ? s.getString() : acr)
                || Instant.ofEpochSecond(proved).isBefore(Instant.now().minus(config.freshVerification()))) {
            throw ProblemException.typed(STEP_UP_REQUIRED, 401, "Fresh verification required",
                    action + " needs a one-time code proven within the last " + config.freshVerification().toMinutes()
                            + " minutes: request a STEP_UP code (POST /api/v1/accounts/verification-codes), prove it "
                            + "(POST /api/v1/accounts/me/step-up) and use the token it returns");
        }
    }
}
