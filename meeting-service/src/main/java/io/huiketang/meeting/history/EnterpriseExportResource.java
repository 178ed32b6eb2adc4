package io.huiketang.meeting.history;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.audit.AuditTrail;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.meeting.meeting.Meeting;
import io.quarkus.security.Authenticated;

/**
 * An enterprise's ongoing and ended meetings as CSV, for its administrators only (MTG-5).
 *
 * <p>Who is an administrator comes from the token's {@code admin_of} claim: meeting-service keeps no
 * copy of enterprises, and the claim is at most one token lifetime old. Everyone else gets the same
 * 403 whether or not the enterprise exists, so the answer tells an outsider nothing.
 */
@Path("/api/v1/meetings/enterprise/{enterpriseId}/export")
@Tag(name = "Meeting history")
@Authenticated
public class EnterpriseExportResource {

    /** Which meetings to export: those under way, those that ended, or both. */
    public enum Which {
        ONGOING(List.of(Meeting.Status.STARTED)),
        ENDED(List.of(Meeting.Status.ENDED)),
        ALL(List.of(Meeting.Status.STARTED, Meeting.Status.ENDED));

        final List<Meeting.Status> statuses;

        Which(List<Meeting.Status> statuses) {
            this.statuses = statuses;
        }

        static Which parse(String value) {
            if (value == null || value.isBlank()) {
                return ALL;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("status", "must be ONGOING, ENDED or ALL");
            }
        }
    }

    private final Caller caller;
    private final HistoryConfig config;
    private final HistoryExports exports;
    private final AuditTrail audit;

    EnterpriseExportResource(Caller caller, HistoryConfig config, HistoryExports exports, AuditTrail audit) {
        this.caller = caller;
        this.config = config;
        this.exports = exports;
        this.audit = audit;
    }

    @GET
    @Produces(HistoryResource.CSV)
    @Operation(summary = "The enterprise's ongoing or ended meetings in a date range, as CSV (administrators only)",
            description = "UTF-8 with a byte order mark; columns meeting_id, meeting_number, topic, status, start, "
                    + "end; times are local times of Asia/Shanghai. Every export is recorded in the audit log.")
    @APIResponse(responseCode = "200", description = "The CSV file", content = @Content(mediaType = HistoryResource.CSV))
    @APIResponse(responseCode = "400", description = "Malformed date, 'from' after 'to', range too long, or unknown "
            + "status")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    public Response exportEnterpriseMeetings(@PathParam("enterpriseId") UUID enterpriseId,
            @Parameter(description = "First day, YYYY-MM-DD; defaults to 30 days up to 'to'") @QueryParam("from") String from,
            @Parameter(description = "Last day included, YYYY-MM-DD; defaults to today") @QueryParam("to") String to,
            @Parameter(description = "ONGOING, ENDED or ALL (default)") @QueryParam("status") String status) {
        if (!caller.isAdminOf(enterpriseId)) {
            throw ProblemException.forbidden("Only an administrator of this enterprise can export its meetings.");
        }
        Which which = Which.parse(status);
        DateRange range = DateRange.parse(from, to, config);
        // Recorded (committed) before a byte is sent: there is no export without its audit entry
        audit.personalDataAccessed(caller.accountId().toString(), "enterprise_admin", enterpriseId.toString(),
                "enterprise-meetings", "meeting export " + which + " " + range.from() + ".." + range.to());
        return HistoryResource.csv(out -> exports.writeEnterpriseMeetings(enterpriseId, which.statuses, range, out),
                "enterprise-meetings_" + which.name().toLowerCase(Locale.ROOT) + "_" + range.from() + "_" + range.to()
                        + ".csv");
    }
}
