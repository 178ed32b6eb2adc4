package io.huiketang.account.enterprise;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.Account;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.token.RightsChanges;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;

/** An enterprise's administrators (ACC-5): members see who they are; admins grant and revoke; never zero. */
@Path("/api/v1/enterprises/{enterpriseId}/admins")
@Tag(name = "Enterprise administrators")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    public record AdminView(String accountId, String displayName, String grantedBy, Instant grantedAt) {
    }

    private final Caller caller;
    private final EnterpriseAccess access;
    private final Outbox outbox;
    private final RightsChanges rightsChanges;

    AdminResource(Caller caller, EnterpriseAccess access, Outbox outbox, RightsChanges rightsChanges) {
        this.caller = caller;
        this.access = access;
        this.outbox = outbox;
        this.rightsChanges = rightsChanges;
    }

    @GET
    @Operation(summary = "The enterprise's administrators, for its members to know whom to ask")
    @APIResponse(responseCode = "200", description = "The administrators, longest-serving first")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    public List<AdminView> listAdmins(@PathParam("enterpriseId") UUID enterpriseId) {
        access.requireMember(enterpriseId);
        List<Admin> admins = Admin.list("enterpriseId", Sort.by("grantedAt"), enterpriseId);
        Map<UUID, Account> accounts = Accounts.byId(admins.stream().map(a -> a.accountId).toList());
        return admins.stream().map(a -> view(a, accounts.get(a.accountId).displayName)).toList();
    }

    @PUT
    @Path("/{accountId}")
    @Transactional
    @Operation(summary = "Make a member an administrator (idempotent)")
    @APIResponse(responseCode = "201", description = "Granted")
    @APIResponse(responseCode = "200", description = "The member already was an administrator")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's, or no such member in it")
    public Response grantAdmin(@PathParam("enterpriseId") UUID enterpriseId, @PathParam("accountId") UUID accountId) {
        access.requireAdminToChange(enterpriseId);
        Member member = Member.find(enterpriseId, accountId);
        if (member == null) {
            throw ProblemException.notFound("No member with this id belongs to this enterprise.");
        }
        Account account = Account.findById(accountId);
        Admin existing = Admin.find(enterpriseId, accountId);
        if (existing != null) {
            return Response.ok(view(existing, account.displayName)).build();
        }
        Admin admin = new Admin();
        admin.enterpriseId = enterpriseId;
        admin.accountId = accountId;
        admin.grantedBy = caller.accountId();
        admin.grantedAt = Instant.now();
        admin.persist();
        // The new admin's tokens lack the right: refused until refreshed, so it takes effect in every service
        rightsChanges.changed(accountId);
        outbox.publish(AccountEvents.TOPIC, "enterprise", enterpriseId.toString(), AccountEvents.ADMIN_GRANTED,
                new AccountEvents.AdminGranted(enterpriseId.toString(), accountId.toString(),
                        admin.grantedBy.toString(), admin.grantedAt.toString()));
        return Response.status(Response.Status.CREATED).entity(view(admin, account.displayName)).build();
    }

    @DELETE
    @Path("/{accountId}")
    @Transactional
    @Operation(summary = "Take the administrator role from a member (they stay a member)")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's, or no such administrator in it")
    @APIResponse(responseCode = "409", description = "The last administrator cannot be revoked")
    public void revokeAdmin(@PathParam("enterpriseId") UUID enterpriseId, @PathParam("accountId") UUID accountId) {
        access.requireAdminToChange(enterpriseId);
        Admin admin = Admin.find(enterpriseId, accountId);
        if (admin == null) {
            throw ProblemException.notFound("No administrator with this id belongs to this enterprise.");
        }
        revoke(admin, caller.accountId(), outbox, rightsChanges);
    }

    /**
     * Revokes one admin role, refusing the last one; the caller holds the enterprise's lock. The
     * former admin's tokens, which still state the right, are refused everywhere from now on.
     */
    static void revoke(Admin admin, UUID revokedBy, Outbox outbox, RightsChanges rightsChanges) {
        if (Admin.countIn(admin.enterpriseId) <= 1) {
            throw EnterpriseProblems.lastAdmin();
        }
        admin.delete();
        rightsChanges.changed(admin.accountId);
        outbox.publish(AccountEvents.TOPIC, "enterprise", admin.enterpriseId.toString(), AccountEvents.ADMIN_REVOKED,
                new AccountEvents.AdminRevoked(admin.enterpriseId.toString(), admin.accountId.toString(),
                        revokedBy.toString(), Instant.now().toString()));
    }

    private static AdminView view(Admin admin, String displayName) {
        return new AdminView(admin.accountId.toString(), displayName, admin.grantedBy.toString(), admin.grantedAt);
    }
}
