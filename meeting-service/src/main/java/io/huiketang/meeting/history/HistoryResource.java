package io.huiketang.meeting.history;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.meeting.history.MeetingHistory.HistoryPage;
import io.quarkus.security.Authenticated;

/**
 * A creator's own meetings with their attendance (MTG-4): listed as JSON a page at a time, or
 * exported as a CSV file. Only the caller's own meetings: there is no parameter naming a creator.
 */
@Path("/api/v1/meetings/history")
@Tag(name = "Meeting history")
@Authenticated
public class HistoryResource {

    static final String CSV = "text/csv; charset=UTF-8";

    private final Caller caller;
    private final HistoryConfig config;
    private final MeetingHistory history;
    private final HistoryExports exports;

    HistoryResource(Caller caller, HistoryConfig config, MeetingHistory history, HistoryExports exports) {
        this.caller = caller;
        this.config = config;
        this.history = history;
        this.exports = exports;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The meetings the caller created in a date range, newest first, with their attendance",
            description = "A meeting falls on the day (Asia/Shanghai) it started, or was created if it never started. "
                    + "Each participant lists every session (join, leave, duration) and their total time; an erased "
                    + "participant has no account id and a fixed label for a name.")
    @APIResponse(responseCode = "200", description = "One page of meetings")
    @APIResponse(responseCode = "400", description = "Malformed date, 'from' after 'to', range too long, or invalid "
            + "page or size")
    @APIResponse(responseCode = "401", description = "No valid access token")
    public HistoryPage listHistory(
            @Parameter(description = "First day, YYYY-MM-DD; defaults to 30 days up to 'to'") @QueryParam("from") String from,
            @Parameter(description = "Last day included, YYYY-MM-DD; defaults to today") @QueryParam("to") String to,
            @Parameter(description = "Page number from 0") @QueryParam("page") String page,
            @Parameter(description = "Meetings per page, 1 to 100, default 20") @QueryParam("size") String size) {
        DateRange range = DateRange.parse(from, to, config);
        int pageNumber = number("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = number("size", size, config.defaultPageSize(), 1, config.maxPageSize());
        return history.createdBy(caller.accountId(), range, pageNumber, pageSize);
    }

    @GET
    @Path("/export")
    @Produces(CSV)
    @Operation(summary = "The caller's meetings in a date range with every attendance session, as CSV",
            description = "UTF-8 with a byte order mark; one row per session (a meeting nobody attended has one row "
                    + "with empty participant columns); times are local times of Asia/Shanghai. Columns: meeting_id, "
                    + "meeting_number, topic, status, start, end, participant_id, participant, join, leave, "
                    + "duration_seconds, participant_total_seconds. The file streams as it is read.")
    @APIResponse(responseCode = "200", description = "The CSV file", content = @Content(mediaType = CSV))
    @APIResponse(responseCode = "400", description = "Malformed date, 'from' after 'to', or range too long")
    @APIResponse(responseCode = "401", description = "No valid access token")
    public Response exportHistory(@QueryParam("from") String from, @QueryParam("to") String to) {
        DateRange range = DateRange.parse(from, to, config);
        UUID creator = caller.accountId();
        StreamingOutput body = out -> exports.writeCreatorHistory(creator, range, out);
        return csv(body, "meeting-history_" + range.from() + "_" + range.to() + ".csv");
    }

    static Response csv(StreamingOutput body, String filename) {
        return Response.ok(body, CSV)
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    static int number(String field, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below like any other value out of range
        }
        throw ProblemException.invalidField(field, max == Integer.MAX_VALUE ? "must be a whole number from " + min
                : "must be a whole number from " + min + " to " + max);
    }
}
