package io.huiketang.privacy.policy;

import java.net.URI;
import java.time.Instant;

import jakarta.annotation.security.PermitAll;
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

/**
 * Versions of the privacy policy (PRV-4): operators publish, anyone reads (the gateway lists the
 * reads as public paths: a person must be able to read the policy before having an account).
 */
@Path(PolicyResource.PATH)
@Tag(name = "Policy versions")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    static final String PATH = "/api/v1/privacy/policies";
    /** The role of platform staff who publish policy versions and campaigns. */
    public static final String OPERATOR = "privacy_operator";

    public record PolicyView(String version, Instant effectiveAt, Instant publishedAt, String textZh, String summaryEn,
            String textSha256, boolean reacceptanceRequired) {

        static PolicyView of(PolicyVersion p) {
            return new PolicyView(p.version, p.effectiveAt, p.publishedAt, p.textZh, p.summaryEn, p.textSha256,
                    p.reacceptanceRequired);
        }
    }

    private final Policies policies;

    PolicyResource(Policies policies) {
        this.policies = policies;
    }

    @POST
    @RolesAllowed(OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a new version of the privacy policy (Chinese text, English summary, effective time); "
            + "announced as huiketang.privacy.policy-published.v1")
    @APIResponse(responseCode = "201", description = "Published; Location names the version")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (named), or effectiveAt lies in the past")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "The caller is not a privacy operator")
    @APIResponse(responseCode = "409", description = "This version is already published (versions are immutable)")
    public Response publish(Policies.NewVersion request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body with version, effectiveAt, textZh, summaryEn and "
                    + "reacceptanceRequired is required.");
        }
        PolicyVersion published = policies.publish(request);
        return Response.created(URI.create(PATH + "/" + published.version)).entity(PolicyView.of(published)).build();
    }

    @GET
    @Path("current")
    @PermitAll
    @Operation(summary = "The version in effect now: its text, English summary and the SHA-256 of the text")
    @APIResponse(responseCode = "200", description = "The current version")
    @APIResponse(responseCode = "404", description = "No version is in effect yet")
    public PolicyView current() {
        PolicyVersion current = PolicyVersion.currentAt(Instant.now());
        if (current == null) {
            throw ProblemException.notFound("No version of the privacy policy is in effect yet.");
        }
        return PolicyView.of(current);
    }

    @GET
    @Path("{version}")
    @PermitAll
    @Operation(summary = "One published version (also one not in effect yet, so people can read it before it is)")
    @APIResponse(responseCode = "200", description = "The version")
    @APIResponse(responseCode = "404", description = "No version of this name is published")
    public PolicyView version(@PathParam("version") String version) {
        PolicyVersion found = Policies.VERSION.matcher(version).matches() ? PolicyVersion.findById(version) : null;
        if (found == null) {
            throw ProblemException.notFound("No policy version of this name is published.");
        }
        return PolicyView.of(found);
    }
}
