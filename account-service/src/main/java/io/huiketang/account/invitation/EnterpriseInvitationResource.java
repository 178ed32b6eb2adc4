package io.huiketang.account.invitation;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.PhoneNumbers;
import io.huiketang.account.enterprise.Department;
import io.huiketang.account.enterprise.Enterprise;
import io.huiketang.account.enterprise.EnterpriseAccess;
import io.huiketang.account.policy.PolicyVersions;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;

/** An enterprise's side of invitations (ACC-4): its admins invite by mobile number or e-mail, list and revoke. */
@Path("/api/v1/enterprises/{enterpriseId}/invitations")
@Tag(name = "Invitations")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EnterpriseInvitationResource {

    /** Exactly one of phone and email. */
    public record NewInvitation(@Size(max = 32) String phone, @Email @Size(max = 254) String email,
            @Size(max = 64) String name, UUID departmentId) {
    }

    /** The mobile number is shown masked: the admin typed it, the list need not expose it again. */
    public record InvitationView(String id, String channel, String phone, String email, String name,
            String departmentId, String status, boolean expired, Instant createdAt, Instant expiresAt,
            String memberImportId) {
    }

    private final Caller caller;
    private final EnterpriseAccess access;
    private final Invitations invitations;
    private final SensitiveFields sensitive;
    private final PolicyVersions policies;

    EnterpriseInvitationResource(Caller caller, EnterpriseAccess access, Invitations invitations,
            SensitiveFields sensitive, PolicyVersions policies) {
        this.policies = policies;
        this.caller = caller;
        this.access = access;
        this.invitations = invitations;
        this.sensitive = sensitive;
    }

    @POST
    @Transactional
    @Operation(summary = "Invite a person by mobile number (SMS) or e-mail, optionally into a department")
    @APIResponse(responseCode = "201", description = "Invited; the invitee receives a link with the token")
    @APIResponse(responseCode = "400", description = "Neither or both of phone and email, a malformed one, or an unknown department")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise, or has "
            + "not accepted the current privacy policy yet (type policy-acceptance-required)")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    @APIResponse(responseCode = "409", description = "The person is already a member, or an invitation to them is pending")
    public Response invite(@PathParam("enterpriseId") UUID enterpriseId, @Valid @NotNull NewInvitation request) {
        Enterprise enterprise = access.requireAdminToChange(enterpriseId);
        policies.requireAccepted(caller.accountId());
        boolean hasPhone = request.phone() != null && !request.phone().isBlank();
        boolean hasEmail = request.email() != null && !request.email().isBlank();
        if (hasPhone == hasEmail) {
            throw ProblemException.invalidField(hasPhone ? "email" : "phone",
                    "give exactly one of phone and email");
        }
        Invitations.Invitee invitee = new Invitations.Invitee(
                hasPhone ? PhoneNumbers.normalize(request.phone(), "phone") : null,
                hasEmail ? request.email().strip() : null,
                request.name() == null || request.name().isBlank() ? null : request.name().strip());
        Department department = Department.requireIn(enterpriseId, request.departmentId(), "departmentId");
        Instant now = Instant.now();
        Invitations.Obstacle obstacle = invitations.obstacle(enterpriseId, invitee, now);
        if (obstacle == Invitations.Obstacle.ALREADY_MEMBER) {
            throw InvitationProblems.alreadyMember();
        }
        if (obstacle == Invitations.Obstacle.ALREADY_INVITED) {
            throw InvitationProblems.alreadyInvited();
        }
        Invitation invitation = invitations.issue(enterprise, invitee, department == null ? null : department.id,
                caller.accountId(), null, now);
        return Response.created(URI.create("/api/v1/enterprises/" + enterpriseId + "/invitations/" + invitation.id))
                .entity(view(invitation, now)).build();
    }

    @GET
    @Operation(summary = "Pending invitations, newest first (expired ones flagged, to be sent again)")
    @APIResponse(responseCode = "200", description = "The pending invitations")
    @APIResponse(responseCode = "400", description = "Invalid page or size")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    public List<InvitationView> listPendingInvitations(@PathParam("enterpriseId") UUID enterpriseId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        access.requireAdmin(enterpriseId);
        Instant now = Instant.now();
        return Invitation.<Invitation>find("enterpriseId = ?1 and status = ?2",
                Sort.by("createdAt", Sort.Direction.Descending).and("id"), enterpriseId, Invitation.Status.PENDING)
                .page(Page.of(page, size)).list().stream().map(i -> view(i, now)).toList();
    }

    @DELETE
    @Path("/{invitationId}")
    @Transactional
    @Operation(summary = "Withdraw a pending invitation; its token stops working")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's, or no such invitation in it")
    @APIResponse(responseCode = "409", description = "The invitation was already answered or withdrawn")
    public void revokeInvitation(@PathParam("enterpriseId") UUID enterpriseId, @PathParam("invitationId") UUID invitationId) {
        access.requireAdminToChange(enterpriseId);
        Invitation invitation = Invitation.find("id = ?1 and enterpriseId = ?2", invitationId, enterpriseId).firstResult();
        if (invitation == null) {
            throw ProblemException.notFound("No invitation with this id belongs to this enterprise.");
        }
        if (invitation.status != Invitation.Status.PENDING) {
            throw ProblemException.conflict("This invitation is no longer pending: it was " + invitation.status + ".");
        }
        invitation.status = Invitation.Status.REVOKED;
        invitation.closedAt = Instant.now();
    }

    private InvitationView view(Invitation invitation, Instant now) {
        return new InvitationView(invitation.id.toString(), invitation.byMobile() ? "MOBILE" : "EMAIL",
                PhoneNumbers.masked(sensitive.decrypt(invitation.phoneCipher)), invitation.email,
                invitation.inviteeName, invitation.departmentId == null ? null : invitation.departmentId.toString(),
                invitation.status.name(), invitation.expired(now), invitation.createdAt, invitation.expiresAt,
                invitation.memberImportId == null ? null : invitation.memberImportId.toString());
    }
}
