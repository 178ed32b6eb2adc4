package io.huiketang.account.invitation;

import java.time.Instant;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.Account;
import io.huiketang.account.enterprise.Department;
import io.huiketang.account.enterprise.Enterprise;
import io.huiketang.account.enterprise.Member;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.outbox.Outbox;
import io.quarkus.security.Authenticated;

/**
 * The invitee's side (ACC-4): with the token from their SMS or e-mail, a logged-in person sees who
 * invites them and accepts or declines; only acceptance makes them a member. An invitation sent to a
 * mobile number belongs to the account of that number; one sent to an e-mail address to whoever
 * holds its token (the address is not verified against the account).
 */
@Path("/api/v1/invitations/{token}")
@Tag(name = "Invitations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class InvitationResource {

    public record InvitationDetails(String enterpriseId, String enterpriseName, String invitedBy,
            String departmentName, String channel, Instant expiresAt) {
    }

    public record Joined(String enterpriseId, String departmentId, String joinedVia, Instant joinedAt) {
    }

    private final Caller caller;
    private final Outbox outbox;
    private final SensitiveFields sensitive;

    InvitationResource(Caller caller, Outbox outbox, SensitiveFields sensitive) {
        this.caller = caller;
        this.outbox = outbox;
        this.sensitive = sensitive;
    }

    @GET
    @Operation(summary = "The invitation behind a token: which enterprise, who invited, into which department")
    @APIResponse(responseCode = "200", description = "The pending invitation")
    @APIResponse(responseCode = "403", description = "It was sent to another mobile number than the caller's")
    @APIResponse(responseCode = "404", description = "No invitation has this token")
    @APIResponse(responseCode = "409", description = "Already accepted or declined")
    @APIResponse(responseCode = "410", description = "Expired or withdrawn")
    public InvitationDetails getInvitation(@PathParam("token") String token) {
        Invitation invitation = requireAnswerable(token);
        Enterprise enterprise = Enterprise.findById(invitation.enterpriseId);
        Account inviter = invitation.invitedBy == null ? null : Account.findById(invitation.invitedBy);
        Department department = invitation.departmentId == null ? null : Department.findById(invitation.departmentId);
        return new InvitationDetails(enterprise.id.toString(), enterprise.name,
                inviter == null ? null : inviter.displayName, department == null ? null : department.name,
                invitation.byMobile() ? "MOBILE" : "EMAIL", invitation.expiresAt);
    }

    @POST
    @Path("/accept")
    @Transactional
    @Operation(summary = "Accept: the caller becomes a member of the enterprise, in the invitation's department")
    @APIResponse(responseCode = "200", description = "Joined")
    @APIResponse(responseCode = "403", description = "Sent to another mobile number, or the account awaits guardian consent")
    @APIResponse(responseCode = "404", description = "No invitation has this token")
    @APIResponse(responseCode = "409", description = "Already answered, or the caller already is a member")
    @APIResponse(responseCode = "410", description = "Expired or withdrawn")
    public Joined acceptInvitation(@PathParam("token") String token) {
        caller.requireActive();
        Invitation invitation = lockForAnswer(token);
        if (Member.find(invitation.enterpriseId, caller.accountId()) != null) {
            throw InvitationProblems.alreadyMember();
        }
        Instant now = Instant.now();
        Member member = new Member();
        member.enterpriseId = invitation.enterpriseId;
        member.accountId = caller.accountId();
        member.departmentId = invitation.departmentId;
        member.companyEmail = invitation.email;
        // Imported people joined by their own acceptance too; IMPORT tells where their data came from
        member.joinedVia = invitation.memberImportId == null ? Member.JoinedVia.INVITATION : Member.JoinedVia.IMPORT;
        member.joinedAt = now;
        member.persist();
        close(invitation, Invitation.Status.ACCEPTED, now);
        outbox.publish(AccountEvents.TOPIC, "enterprise", invitation.enterpriseId.toString(), AccountEvents.MEMBER_JOINED,
                new AccountEvents.MemberJoined(invitation.enterpriseId.toString(), member.accountId.toString(),
                        member.joinedVia.name(), now.toString()));
        return new Joined(member.enterpriseId.toString(),
                member.departmentId == null ? null : member.departmentId.toString(), member.joinedVia.name(), now);
    }

    @POST
    @Path("/decline")
    @Transactional
    @Operation(summary = "Decline: the invitation closes and the caller does not join")
    @APIResponse(responseCode = "204", description = "Declined")
    @APIResponse(responseCode = "403", description = "It was sent to another mobile number than the caller's")
    @APIResponse(responseCode = "404", description = "No invitation has this token")
    @APIResponse(responseCode = "409", description = "Already accepted or declined")
    @APIResponse(responseCode = "410", description = "Expired or withdrawn")
    public void declineInvitation(@PathParam("token") String token) {
        close(lockForAnswer(token), Invitation.Status.DECLINED, Instant.now());
    }

    /**
     * The invitation, re-read under its enterprise's lock: revoking, accepting and declining
     * happen one at a time, so an invitation is answered at most once.
     */
    private Invitation lockForAnswer(String token) {
        Invitation invitation = requireAnswerable(token);
        Enterprise.<Enterprise>findById(invitation.enterpriseId).lockForChange();
        Invitation.getEntityManager().refresh(invitation);
        return requireAnswerable(invitation);
    }

    private Invitation requireAnswerable(String token) {
        Invitation invitation = Invitation.findByTokenHash(sensitive.lookupHash(token));
        if (invitation == null) {
            throw InvitationProblems.unknown();
        }
        return requireAnswerable(invitation);
    }

    private Invitation requireAnswerable(Invitation invitation) {
        if (invitation.byMobile()) {
            Account account = Account.findById(caller.accountId());
            if (account == null || !invitation.phoneHash.equals(account.phoneHash)) {
                throw InvitationProblems.forAnotherNumber();
            }
        }
        switch (invitation.status) {
            case REVOKED -> throw InvitationProblems.withdrawn();
            case ACCEPTED, DECLINED -> throw InvitationProblems.answered();
            case PENDING -> {
                if (invitation.expired(Instant.now())) {
                    throw InvitationProblems.expired();
                }
            }
        }
        return invitation;
    }

    private void close(Invitation invitation, Invitation.Status status, Instant now) {
        invitation.status = status;
        invitation.answeredBy = caller.accountId();
        invitation.closedAt = now;
    }
}
