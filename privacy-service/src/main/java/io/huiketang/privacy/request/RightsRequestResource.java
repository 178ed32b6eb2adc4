package io.huiketang.privacy.request;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.privacy.archive.Archives;
import io.huiketang.privacy.consent.ConsentEntry;
import io.huiketang.privacy.consent.ConsentLedger;
import io.huiketang.privacy.consent.Purposes;
import io.huiketang.privacy.request.RightsRequest.Kind;
import io.huiketang.privacy.request.RightsRequest.Origin;
import io.quarkus.security.Authenticated;

/**
 * A person's rights requests (PRV-1, "您的权利"): always their own; no request names another person's account,
 * and another person's request is not found.
 */
@Path("/api/v1/privacy/requests")
@Tag(name = "Rights requests")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RightsRequestResource {

    /**
     * @param kind    ACCESS, ERASURE, CORRECTION or CONSENT_WITHDRAWAL
     * @param details CORRECTION: what is wrong and what it should be
     * @param purpose CONSENT_WITHDRAWAL: the purpose withdrawn
     */
    public record NewRequest(String kind, String details, String purpose) {
    }

    public record Requests(List<RequestView> requests) {
    }

    private final Caller caller;
    private final RightsRequests requests;
    private final FreshVerification fresh;
    private final Purposes purposes;
    private final Archives archives;
    private final ConsentLedger consents;

    RightsRequestResource(Caller caller, RightsRequests requests, FreshVerification fresh, Purposes purposes,
            Archives archives, ConsentLedger consents) {
        this.caller = caller;
        this.requests = requests;
        this.fresh = fresh;
        this.purposes = purposes;
        this.archives = archives;
        this.consents = consents;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a rights request for oneself: a copy of one's data (ACCESS), erasure everywhere "
            + "(ERASURE; needs a fresh one-time code), a correction one cannot make oneself (CORRECTION), or a "
            + "consent withdrawn (CONSENT_WITHDRAWAL)")
    @APIResponse(responseCode = "201", description = "The request, with one task per data holder")
    @APIResponse(responseCode = "400", description = "A missing or invalid field")
    @APIResponse(responseCode = "401", description = "No valid token, or an ERASURE without a fresh one-time code")
    @APIResponse(responseCode = "409", description = "An erasure of this person is already in progress")
    public Response openRequest(NewRequest body) {
        if (body == null || body.kind() == null || body.kind().isBlank()) {
            throw ProblemException.invalidField("kind", "is required: ACCESS, ERASURE, CORRECTION or CONSENT_WITHDRAWAL");
        }
        Kind kind;
        try {
            kind = Kind.valueOf(body.kind());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("kind", "must be ACCESS, ERASURE, CORRECTION or CONSENT_WITHDRAWAL");
        }
        UUID subject = caller.accountId();
        String details = null;
        switch (kind) {
            case ERASURE -> {
                fresh.require("An erasure");
                RightsRequest open = RightsRequest.find("subjectId = ?1 and kind = ?2 and status in ?3", subject,
                        Kind.ERASURE, RightsRequest.Status.OPEN).firstResult();
                if (open != null) {
                    throw ProblemException.conflict("An erasure of this account is already " + open.status + ": "
                            + open.id);
                }
            }
            case CORRECTION -> {
                if (body.details() == null || body.details().isBlank() || body.details().length() > 2000) {
                    throw ProblemException.invalidField("details", "says what is wrong and what it should be "
                            + "(1 to 2000 characters)");
                }
                details = body.details().strip();
            }
            case CONSENT_WITHDRAWAL -> {
                if (body.purpose() == null || purposes.find(body.purpose()).isEmpty()) {
                    throw ProblemException.invalidField("purpose", "must be one of "
                            + purposes.all().stream().map(Purposes.Purpose::name).toList());
                }
                details = body.purpose();
            }
            case ACCESS -> {
            }
        }
        RightsRequest request = requests.open(subject, kind, Origin.SUBJECT, details, "subject");
        return Response.status(201).entity(requests.view(request, false)).build();
    }

    @GET
    @Operation(summary = "The caller's own requests, newest first")
    @APIResponse(responseCode = "200", description = "The requests")
    public Requests myRequests() {
        List<RightsRequest> mine = RightsRequest.list("subjectId = ?1 order by openedAt desc", caller.accountId());
        return new Requests(mine.stream().map(r -> requests.view(r, false)).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of the caller's requests, with each data holder's state")
    @APIResponse(responseCode = "200", description = "The request")
    @APIResponse(responseCode = "404", description = "No such request of the caller's")
    public RequestView myRequest(@PathParam("id") String id) {
        return requests.view(own(id), false);
    }

    @GET
    @Path("{id}/archive")
    @Produces({ "application/zip", MediaType.APPLICATION_JSON })
    @Operation(summary = "Download the ACCESS archive (ZIP: manifest.json, README.txt, one JSON per service); "
            + "the first download needs a fresh one-time code; the link expires")
    @APIResponse(responseCode = "200", description = "The ZIP, streamed")
    @APIResponse(responseCode = "401", description = "First download without a fresh one-time code")
    @APIResponse(responseCode = "404", description = "No such request of the caller's")
    @APIResponse(responseCode = "409", description = "Not an ACCESS request, or not complete yet (the detail gives its state)")
    @APIResponse(responseCode = "410", description = "The link has expired and the archive is deleted")
    public Response downloadArchive(@PathParam("id") String id) {
        RightsRequest request = own(id);
        if (request.kind != Kind.ACCESS) {
            throw ProblemException.conflict("Request " + id + " is a " + request.kind + "; only ACCESS has an archive");
        }
        if (request.status != RightsRequest.Status.COMPLETED) {
            throw ProblemException.conflict("Request " + id + " is " + request.status
                    + ": the archive is ready when every data holder has answered");
        }
        if (request.archiveDeletedAt != null || Instant.now().isAfter(request.archiveExpiresAt)) {
            throw ProblemException.gone("The archive's link expired at " + request.archiveExpiresAt
                    + " and its data was deleted; open a new ACCESS request");
        }
        if (request.firstDownloadedAt == null) {
            fresh.require("The first download of an archive");
        }
        List<HolderTask> tasks = requests.recordDownload(request.id);
        List<Archives.Slice> slices = tasks.stream().filter(t -> t.key.stage == PrivacyProtocol.Kind.ACCESS)
                .sorted(java.util.Comparator.comparing(t -> t.key.service))
                .map(t -> {
                    var answer = requests.read(t.answer);
                    return new Archives.Slice(t.key.service, answer.path("answeredAt").asText(), Archives.claimOf(answer));
                }).toList();
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("id", request.id.toString());
        about.put("kind", request.kind.name());
        about.put("openedAt", request.openedAt.toString());
        about.put("completedAt", request.completedAt.toString());
        ConsentEntry acceptance = consents.latestAcceptance(request.subjectId);
        String policyVersion = acceptance == null ? null : acceptance.policyVersion;
        StreamingOutput zip = out -> archives.write(about, request.subjectId.toString(), policyVersion, slices, out);
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"huiketang-data-" + request.id + ".zip\"")
                .header("Cache-Control", "no-store").build();
    }

    private RightsRequest own(String id) {
        UUID requestId;
        try {
            requestId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No request " + id);
        }
        RightsRequest request = RightsRequest.findById(requestId);
        if (request == null || !request.subjectId.equals(caller.accountId())) {
            throw ProblemException.notFound("No request " + id);
        }
        return request;
    }
}
