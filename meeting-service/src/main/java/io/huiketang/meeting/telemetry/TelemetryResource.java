package io.huiketang.meeting.telemetry;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.auth.Caller;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;

/**
 * Clients' quality and diagnostic reports (MTG-6). The body is read strictly (unknown fields
 * refused) and limited in size by {@link TelemetryBodyLimit}; device identifiers are kept only as
 * keyed hashes; each kind is purged after its retention by platform-kit's retention runner (data-map.yaml).
 */
@Path(TelemetryResource.PATH)
@Tag(name = "Telemetry")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TelemetryResource {

    static final String PATH = "/api/v1/meetings/telemetry";

    /**
     * How many reports were stored, when they were received (the start of their retention), and how
     * many analytics reports were not stored because the person withdrew analytics consent.
     */
    public record Accepted(int accepted, Instant receivedAt, int droppedWithoutAnalyticsConsent) {
    }

    private final Caller caller;
    private final TelemetryIntake intake;

    TelemetryResource(Caller caller, TelemetryIntake intake) {
        this.caller = caller;
        this.intake = intake;
    }

    @POST
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Send a batch of 1 to 100 quality, device, crash, traffic or operation reports; "
            + "device identifiers (IMEI, MAC, Android id) are stored only as keyed hashes")
    @APIResponse(responseCode = "202", description = "Every report stored, except OPERATION reports (analytics) of a "
            + "person who withdrew analytics consent: those are dropped and counted in droppedWithoutAnalyticsConsent")
    @APIResponse(responseCode = "400", description = "Malformed JSON, an unknown field, an unknown kind, a value out "
            + "of range or a time out of bounds (the field named, e.g. reports[2].packetLossPercent), or an empty or "
            + "too long batch; nothing is stored")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "The account awaits a guardian's consent")
    @APIResponse(responseCode = "413", description = "The body is larger than one batch may be (64 KB by default)")
    public Response report(@NotNull @Valid TelemetryBatch batch) {
        caller.requireActive();
        Instant now = Instant.now();
        TelemetryIntake.Stored stored = intake.store(caller.accountId(), batch.reports(), now);
        return Response.accepted(new Accepted(stored.stored(), now, stored.dropped())).build();
    }
}
