package io.huiketang.privacy.marketing;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.problem.ProblemException;
import io.huiketang.privacy.policy.PolicyResource;

/** Operators' marketing SMS campaigns (PRV-3): sent only to people who consent at send time. */
@Path(CampaignResource.PATH)
@Tag(name = "Marketing campaigns")
@RolesAllowed(PolicyResource.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    static final String PATH = "/api/v1/privacy/marketing/campaigns";

    public enum Status {
        /** Some recipients' requests still wait in the outbox for Kafka. */
        PUBLISHING,
        /** Every recipient's request is on privacy.events; account-service sends (and checks consent again). */
        PUBLISHED,
        /** Kafka refused some requests for good (parked in the outbox for an operator). */
        PARTLY_PARKED
    }

    public record CampaignView(String id, String purpose, String text, int recipients, long pending, long parked,
            Status status, Instant createdAt) {
    }

    public record CampaignList(List<CampaignView> campaigns) {
    }

    private final Campaigns campaigns;

    CampaignResource(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a marketing SMS campaign to everybody who consents to marketing-sms now; the opt-out "
            + "instruction is appended to a text without it; one huiketang.privacy.marketing-sms-requested.v1 per recipient")
    @APIResponse(responseCode = "201", description = "The campaign, with how many people were asked for")
    @APIResponse(responseCode = "400", description = "text missing or too long, or purpose missing or not marketing-sms")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "The caller is not a privacy operator")
    public Response send(Campaigns.NewCampaign request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body with text and purpose is required.");
        }
        MarketingCampaign campaign = campaigns.send(request);
        return Response.created(URI.create(PATH + "/" + campaign.id)).entity(view(campaign)).build();
    }

    @GET
    @Operation(summary = "The latest 100 campaigns, newest first, with their counts")
    @APIResponse(responseCode = "200", description = "The campaigns")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "The caller is not a privacy operator")
    public CampaignList list() {
        return new CampaignList(MarketingCampaign.<MarketingCampaign>find("order by createdAt desc, id").page(0, 100)
                .list().stream().map(this::view).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One campaign: recipients asked for, requests still to publish or parked, status")
    @APIResponse(responseCode = "200", description = "The campaign")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "The caller is not a privacy operator")
    @APIResponse(responseCode = "404", description = "No campaign with this id")
    public CampaignView campaign(@PathParam("id") String id) {
        MarketingCampaign campaign = null;
        try {
            campaign = MarketingCampaign.findById(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            // not a UUID: no such campaign
        }
        if (campaign == null) {
            throw ProblemException.notFound("No campaign with this id exists.");
        }
        return view(campaign);
    }

    private CampaignView view(MarketingCampaign c) {
        Campaigns.Progress progress = campaigns.progress(c.id);
        Status status = progress.parked() > 0 ? Status.PARTLY_PARKED
                : progress.pending() > 0 ? Status.PUBLISHING : Status.PUBLISHED;
        return new CampaignView(c.id.toString(), c.purpose, c.text, c.recipients, progress.pending(),
                progress.parked(), status, c.createdAt);
    }
}
