package io.huiketang.privacy.request;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.problem.ProblemException;

/** Privacy operators: open requests by deadline, asking a silent holder again, resolving corrections. */
@Path("/api/v1/privacy/operator/requests")
@Tag(name = "Rights requests (operators)")
@RolesAllowed(OperatorRequestResource.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class OperatorRequestResource {

    public static final String OPERATOR = "privacy_operator";

    public record Resolution(Boolean corrected, String resolution) {
    }

    private final RightsRequests requests;
    private final RequestsConfig config;

    OperatorRequestResource(RightsRequests requests, RequestsConfig config) {
        this.requests = requests;
        this.config = config;
    }

    @GET
    @Operation(summary = "Open requests, soonest due first: all open ones, those past their due date (overdue), or "
            + "those due within huiketang.privacy.requests.due-soon-working-days (soon)")
    @APIResponse(responseCode = "200", description = "The requests")
    @APIResponse(responseCode = "400", description = "due is not open, overdue or soon")
    public RightsRequestResource.Requests openRequests(@QueryParam("due") String due) {
        LocalDate today = requests.today();
        List<RightsRequest> open = switch (due == null ? "open" : due) {
            case "open" -> RightsRequest.list("status in ?1 order by dueOn, openedAt", RightsRequest.Status.OPEN);
            case "overdue" -> RightsRequest.list("status in ?1 and dueOn < ?2 order by dueOn, openedAt",
                    RightsRequest.Status.OPEN, today);
            case "soon" -> RightsRequest.list("status in ?1 and dueOn >= ?2 and dueOn <= ?3 order by dueOn, openedAt",
                    RightsRequest.Status.OPEN, today, requests.calendar().after(today, config.dueSoonWorkingDays()));
            default -> throw ProblemException.invalidField("due", "must be open, overdue or soon");
        };
        return new RightsRequestResource.Requests(open.stream().limit(500).map(r -> requests.view(r, true)).toList());
    }

    @POST
    @Path("{id}/retry")
    @Operation(summary = "Ask the holders that have not answered again now (and, after a failed re-check, erase "
            + "again where data remained)")
    @APIResponse(responseCode = "200", description = "The request")
    @APIResponse(responseCode = "404", description = "No such request")
    @APIResponse(responseCode = "409", description = "The request is not an open ACCESS or ERASURE")
    public RequestView retryRequest(@PathParam("id") String id) {
        return requests.view(requests.retry(parse(id), OPERATOR), true);
    }

    @POST
    @Path("{id}/resolution")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve a CORRECTION: corrected (with what was changed) or declined (with why)")
    @APIResponse(responseCode = "200", description = "The request")
    @APIResponse(responseCode = "400", description = "corrected or resolution missing")
    @APIResponse(responseCode = "404", description = "No such request")
    @APIResponse(responseCode = "409", description = "Not an open CORRECTION")
    public RequestView resolveCorrection(@PathParam("id") String id, Resolution body) {
        if (body == null || body.corrected() == null) {
            throw ProblemException.invalidField("corrected", "is required: true or false");
        }
        if (body.resolution() == null || body.resolution().isBlank() || body.resolution().length() > 2000) {
            throw ProblemException.invalidField("resolution", "says what was done, or why not (1 to 2000 characters)");
        }
        return requests.view(requests.resolve(parse(id), body.corrected(), body.resolution().strip(), OPERATOR), true);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No request " + id);
        }
    }
}
