package io.huiketang.meeting.connection;

import java.lang.reflect.Type;
import java.util.List;
import java.util.function.BiFunction;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.huiketang.kit.problem.ProblemException;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

/**
 * Network diagnostics (MTG-3): the client reports its network state and learns which edges to reach
 * and what to tell its user. The client's address is the request's (through the gateway, from
 * X-Forwarded-For). Reports are not stored.
 */
@Path("/api/v1/meetings/diagnostics")
@Tag(name = "Connection")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {

    public enum NetworkType {
        WIFI, CELLULAR, ETHERNET, OTHER, NONE
    }

    /**
     * @param networkType    the network the device uses now
     * @param wifiEnabled    whether Wi-Fi is switched on
     * @param networkAllowed whether the OS lets the app use the network (the per-app permission for
     *                       WLAN and mobile data)
     * @param edgeRtts       round trips the client measured to edges, if it did
     */
    public record DiagnosticsReport(@NotNull NetworkType networkType, @NotNull Boolean wifiEnabled,
            @NotNull Boolean networkAllowed, @Size(max = 16) List<@Valid @NotNull EdgeRtt> edgeRtts) {
    }

    /**
     * @param region an edge region's name, as an earlier answer gave it
     * @param rttMs  the measured round trip; null when the edge did not answer
     */
    public record EdgeRtt(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,31}", message = "must be a region name") String region,
            @Min(0) @Max(60000) Integer rttMs) {
    }

    /**
     * @param reason    NETWORK: the region of the client's network; DEFAULT: no network matched; FALLBACK:
     *                  to try when the ones before fail
     * @param reachable what the client measured; null when it did not
     */
    public record EdgeChoice(String region, String url, Reason reason, Boolean reachable, Integer rttMs) {

        public enum Reason {
            NETWORK, DEFAULT, FALLBACK
        }
    }

    /**
     * @param networkPermissionMissing the app must ask the user to allow it network access
     * @param noNetwork                the device has no network: nothing to connect until it has
     * @param edgesUnreachable         no edge the client measured answered (a firewall or proxy in the way)
     * @param highLatency              even the fastest edge measured is slow: expect late audio
     * @param suggestWifi              on mobile data with Wi-Fi off: Wi-Fi would be cheaper and often steadier
     */
    public record Advice(boolean networkPermissionMissing, boolean noNetwork, boolean edgesUnreachable,
            boolean highLatency, boolean suggestWifi) {
    }

    /** The edges to try in order, the first one best. */
    public record DiagnosticsAnswer(List<EdgeChoice> edges, Advice advice) {
    }

    /** Reports are a strict schema: a field the service does not know is refused, not ignored. */
    public static class Strict implements BiFunction<ObjectMapper, Type, ObjectReader> {
        @Override
        public ObjectReader apply(ObjectMapper json, Type type) {
            return json.readerFor(json.constructType(type)).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        }
    }

    private final NetworkDiagnostics diagnostics;

    DiagnosticsResource(NetworkDiagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    @POST
    @CustomDeserialization(Strict.class)
    @Operation(summary = "Report the device's network state; get the edges to reach, best first, and advice for the user")
    @APIResponse(responseCode = "200", description = "The edges in the order to try them, and advice flags")
    @APIResponse(responseCode = "400", description = "A field is missing, invalid or unknown")
    @APIResponse(responseCode = "401", description = "No valid access token")
    public DiagnosticsAnswer diagnose(@Valid @NotNull DiagnosticsReport report, @Context HttpServerRequest request) {
        if (report.networkType() == NetworkType.WIFI && !report.wifiEnabled()) {
            throw ProblemException.invalidField("wifiEnabled", "must be true when networkType is WIFI");
        }
        return diagnostics.diagnose(report, request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
    }
}
