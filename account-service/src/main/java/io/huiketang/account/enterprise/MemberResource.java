package io.huiketang.account.enterprise;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.huiketang.account.account.Account;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.token.RightsChanges;
import io.huiketang.kit.audit.AuditTrail;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;

/**
 * An enterprise's end users (ACC-4, ACC-6). The organisation is enterprise-controlled data: a
 * member sees colleagues' names and departments; an admin also sees the contact data the
 * enterprise controls (mobile, avatar, company e-mail), and every such read is audited (PRV-13).
 */
@Path("/api/v1/enterprises/{enterpriseId}/members")
@Tag(name = "Enterprise members")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    /** Contact fields and how the person joined are null (left out) in a plain member's view. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemberView(String accountId, String displayName, String departmentId, boolean admin, String phone,
            String avatarUrl, String companyEmail, String joinedVia, Instant joinedAt) {
    }

    public record MemberPage(List<MemberView> members, int page, int size, long total) {
    }

    /** @param departmentId null to place the member at the top of the organisation */
    public record DepartmentChange(UUID departmentId) {
    }

    private final Caller caller;
    private final EnterpriseAccess access;
    private final SensitiveFields sensitive;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final RightsChanges rightsChanges;

    MemberResource(Caller caller, EnterpriseAccess access, SensitiveFields sensitive, Outbox outbox, AuditTrail audit,
            RightsChanges rightsChanges) {
        this.caller = caller;
        this.access = access;
        this.sensitive = sensitive;
        this.outbox = outbox;
        this.audit = audit;
        this.rightsChanges = rightsChanges;
    }

    @GET
    @Transactional
    @Operation(summary = "The enterprise's members, a page at a time, optionally of one department")
    @APIResponse(responseCode = "200", description = "Members by joining date; contact data only for administrators")
    @APIResponse(responseCode = "400", description = "Invalid page, size or department")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    public MemberPage listMembers(@PathParam("enterpriseId") UUID enterpriseId,
            @QueryParam("departmentId") UUID departmentId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        access.requireMember(enterpriseId);
        UUID viewer = caller.accountId();
        boolean adminView = Admin.exists(enterpriseId, viewer);
        var query = departmentId == null
                ? Member.<Member>find("enterpriseId", Sort.by("joinedAt").and("accountId"), enterpriseId)
                : Member.<Member>find("enterpriseId = ?1 and departmentId = ?2", Sort.by("joinedAt").and("accountId"),
                        enterpriseId, Department.requireIn(enterpriseId, departmentId, "departmentId").id);
        List<Member> members = query.page(Page.of(page, size)).list();
        List<UUID> ids = members.stream().map(m -> m.accountId).toList();
        Map<UUID, Account> accounts = Accounts.byId(ids);
        Set<UUID> admins = ids.isEmpty() ? Set.of()
                : Admin.<Admin>list("enterpriseId = ?1 and accountId in ?2", enterpriseId, ids).stream()
                        .map(a -> a.accountId).collect(Collectors.toSet());
        List<MemberView> views = members.stream().map(m -> {
            Account account = accounts.get(m.accountId);
            boolean admin = admins.contains(m.accountId);
            if (!adminView) {
                return new MemberView(m.accountId.toString(), account.displayName, idOf(m.departmentId), admin, null,
                        null, null, null, null);
            }
            if (!m.accountId.equals(viewer)) {
                audit.personalDataAccessed(viewer.toString(), "enterprise_admin", m.accountId.toString(),
                        "enterprise-member", "enterprise " + enterpriseId + " member list");
            }
            return new MemberView(m.accountId.toString(), account.displayName, idOf(m.departmentId), admin,
                    sensitive.decrypt(account.phoneCipher), account.avatarUrl, m.companyEmail, m.joinedVia.name(),
                    m.joinedAt);
        }).toList();
        return new MemberPage(views, page, size, query.count());
    }

    @PUT
    @Path("/{accountId}/department")
    @Transactional
    @Operation(summary = "Move a member to a department (or to the top with a null departmentId)")
    @APIResponse(responseCode = "204", description = "Moved")
    @APIResponse(responseCode = "400", description = "The department is not one of this enterprise's")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's, or no such member in it")
    public void moveMember(@PathParam("enterpriseId") UUID enterpriseId, @PathParam("accountId") UUID accountId,
            @NotNull DepartmentChange request) {
        access.requireAdminToChange(enterpriseId);
        Member member = requireMember(enterpriseId, accountId);
        Department department = Department.requireIn(enterpriseId, request.departmentId(), "departmentId");
        member.departmentId = department == null ? null : department.id;
    }

    @DELETE
    @Path("/{accountId}")
    @Transactional
    @Operation(summary = "Remove a member from the enterprise; an administrator also loses that role")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's, or no such member in it")
    @APIResponse(responseCode = "409", description = "The member is the last administrator")
    public void removeMember(@PathParam("enterpriseId") UUID enterpriseId, @PathParam("accountId") UUID accountId) {
        access.requireAdminToChange(enterpriseId);
        Member member = requireMember(enterpriseId, accountId);
        UUID removedBy = caller.accountId();
        Admin admin = Admin.find(enterpriseId, accountId);
        if (admin != null) {
            AdminResource.revoke(admin, removedBy, outbox, rightsChanges);
        }
        member.delete();
        // The former member's tokens still name the enterprise: refused everywhere from now on
        rightsChanges.changed(accountId);
        outbox.publish(AccountEvents.TOPIC, "enterprise", enterpriseId.toString(), AccountEvents.MEMBER_REMOVED,
                new AccountEvents.MemberRemoved(enterpriseId.toString(), accountId.toString(), removedBy.toString(),
                        Instant.now().toString()));
    }

    private static Member requireMember(UUID enterpriseId, UUID accountId) {
        Member member = Member.find(enterpriseId, accountId);
        if (member == null) {
            throw ProblemException.notFound("No member with this id belongs to this enterprise.");
        }
        return member;
    }

    private static String idOf(UUID id) {
        return id == null ? null : id.toString();
    }
}
