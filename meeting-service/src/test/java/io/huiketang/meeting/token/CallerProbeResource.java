package io.huiketang.meeting.token;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.huiketang.kit.auth.Caller;
import io.quarkus.security.Authenticated;

/** Test-only: what this service knows of a caller from the platform's token. */
@Path("/test/caller")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CallerProbeResource {

    private final Caller caller;

    CallerProbeResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    public Map<String, String> caller() {
        return Map.of("accountId", caller.accountId().toString(), "sessionId", caller.sessionId(),
                "status", caller.status());
    }

    @GET
    @Path("/active")
    public Map<String, String> activeCaller() {
        caller.requireActive();
        return caller();
    }
}
