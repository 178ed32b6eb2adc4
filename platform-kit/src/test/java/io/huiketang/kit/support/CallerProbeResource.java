package io.huiketang.kit.support;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.huiketang.kit.auth.Caller;
import io.quarkus.security.Authenticated;

/** Who the platform-kit test application takes the caller to be, from a verified token. */
@Path("/kit-test/caller")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CallerProbeResource {

    private final Caller caller;

    CallerProbeResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    public Map<String, String> caller() {
        return Map.of("accountId", caller.accountId().toString());
    }

    /** An action that needs the current privacy policy accepted. */
    @POST
    @Path("/policy-gated")
    public Map<String, String> policyGated() {
        caller.requirePolicyAccepted();
        return Map.of("accountId", caller.accountId().toString());
    }
}
