package io.huiketang.account.enterprise;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import io.huiketang.account.account.DisplayNames;
import io.huiketang.account.account.PhoneNumbers;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.policy.PolicyVersions;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;

/** Enterprise accounts (ACC-3): created with the creator's and the enterprise's details; the creator is the first admin. */
@Path("/api/v1/enterprises")
@Tag(name = "Enterprises")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EnterpriseResource {

    public record Contact(@NotBlank @Size(max = 64) String name, @NotBlank @Size(max = 32) String phone,
            @Email @Size(max = 254) String email) {
    }

    public record NewEnterprise(@NotBlank @Size(max = 128) String name, @NotBlank @Size(max = 18) String creditCode,
            @NotNull @Valid Contact contact) {
    }

    /**
     * What a member sees; the contact's number only for admins.
     *
     * @param creditCodeVerified         the enterprise proved the credit code is its own; until then it is a claim
     * @param contactReplacementRequired for admins only: the contact's own account was erased, so the details
     *                                   stay only as the enterprise's record; replace them (PUT .../contact)
     */
    public record EnterpriseView(String id, String name, String creditCode, boolean creditCodeVerified,
            String contactName, String contactPhone, String contactEmail, String residencyRegion, Instant createdAt,
            boolean admin, Boolean contactReplacementRequired) {

        static EnterpriseView of(Enterprise enterprise, boolean admin, SensitiveFields sensitive) {
            return new EnterpriseView(enterprise.id.toString(), enterprise.name, enterprise.creditCode,
                    enterprise.creditCodeVerifiedAt != null, enterprise.contactName,
                    admin ? sensitive.decrypt(enterprise.contactPhoneCipher) : null, enterprise.contactEmail,
                    enterprise.residencyRegion, enterprise.createdAt, admin,
                    admin ? enterprise.contactReplacementRequiredAt != null : null);
        }
    }

    private final Caller caller;
    private final EnterpriseAccess access;
    private final SensitiveFields sensitive;
    private final Outbox outbox;
    private final PolicyVersions policies;

    EnterpriseResource(Caller caller, EnterpriseAccess access, SensitiveFields sensitive, Outbox outbox,
            PolicyVersions policies) {
        this.policies = policies;
        this.caller = caller;
        this.access = access;
        this.sensitive = sensitive;
        this.outbox = outbox;
    }

    @POST
    @Transactional
    @Operation(summary = "Create an enterprise; the caller becomes its first administrator",
            description = "The credit code is a claim until the enterprise proves it (credit-code-verification): "
                    + "any number of enterprises may claim a code, only one can prove it.")
    @APIResponse(responseCode = "201", description = "Created, its credit code not yet verified")
    @APIResponse(responseCode = "400", description = "Missing details, a name with invisible characters or an "
            + "invalid unified social credit code")
    @APIResponse(responseCode = "403", description = "A child awaiting consent, or the current privacy policy not "
            + "accepted yet (type policy-acceptance-required)")
    @APIResponse(responseCode = "409", description = "Another enterprise has proven this credit code")
    public Response create(@Valid @NotNull NewEnterprise request) {
        caller.requireActive();
        policies.requireAccepted(caller.accountId());
        String creditCode = request.creditCode().strip().toUpperCase();
        if (!CreditCodes.isValid(creditCode)) {
            throw ProblemException.invalidField("creditCode", "is not a valid unified social credit code (GB 32100)");
        }
        String name = DisplayNames.require(request.name(), "name");
        String contactName = DisplayNames.require(request.contact().name(), "contact.name");
        String contactPhone = PhoneNumbers.normalize(request.contact().phone(), "contact.phone");
        if (Enterprise.count("creditCode = ?1 and creditCodeVerifiedAt is not null", creditCode) > 0) {
            throw EnterpriseProblems.creditCodeOwned();
        }
        Account creator = Account.findById(caller.accountId());
        Instant now = Instant.now();
        Enterprise enterprise = new Enterprise();
        enterprise.id = UUID.randomUUID();
        enterprise.name = name;
        enterprise.creditCode = creditCode;
        enterprise.contactName = contactName;
        enterprise.contactPhoneCipher = sensitive.encrypt(contactPhone);
        enterprise.contactEmail = request.contact().email();
        enterprise.residencyRegion = creator.residencyRegion;
        enterprise.createdBy = creator.id;
        enterprise.createdAt = now;
        enterprise.persist();

        Member member = new Member();
        member.enterpriseId = enterprise.id;
        member.accountId = creator.id;
        member.joinedVia = Member.JoinedVia.CREATOR;
        member.joinedAt = now;
        member.persist();
        Admin admin = new Admin();
        admin.enterpriseId = enterprise.id;
        admin.accountId = creator.id;
        admin.grantedBy = creator.id;
        admin.grantedAt = now;
        admin.persist();

        String id = enterprise.id.toString();
        String creatorId = creator.id.toString();
        outbox.publish(AccountEvents.TOPIC, "enterprise", id, AccountEvents.ENTERPRISE_CREATED,
                new AccountEvents.EnterpriseCreated(id, creatorId, enterprise.residencyRegion, now.toString()));
        outbox.publish(AccountEvents.TOPIC, "enterprise", id, AccountEvents.MEMBER_JOINED,
                new AccountEvents.MemberJoined(id, creatorId, Member.JoinedVia.CREATOR.name(), now.toString()));
        outbox.publish(AccountEvents.TOPIC, "enterprise", id, AccountEvents.ADMIN_GRANTED,
                new AccountEvents.AdminGranted(id, creatorId, creatorId, now.toString()));
        return Response.created(URI.create("/api/v1/enterprises/" + id)).entity(view(enterprise, true)).build();
    }

    @GET
    @Path("/{enterpriseId}")
    @Operation(summary = "An enterprise the caller belongs to")
    @APIResponse(responseCode = "200", description = "The enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    public EnterpriseView get(@PathParam("enterpriseId") UUID enterpriseId) {
        Enterprise enterprise = access.requireMember(enterpriseId);
        return view(enterprise, Admin.exists(enterpriseId, caller.accountId()));
    }

    @PUT
    @Path("/{enterpriseId}/contact")
    @Transactional
    @Operation(summary = "Replace the enterprise's registered contact (admins)",
            description = "Also what an admin does when asked to (contactReplacementRequired): the flag is cleared.")
    @APIResponse(responseCode = "200", description = "The enterprise with its new contact")
    @APIResponse(responseCode = "400", description = "Missing details, a name with invisible characters, a malformed number")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    public EnterpriseView replaceContact(@PathParam("enterpriseId") UUID enterpriseId, @Valid @NotNull Contact contact) {
        Enterprise enterprise = access.requireAdminToChange(enterpriseId);
        enterprise.contactName = DisplayNames.require(contact.name(), "name");
        enterprise.contactPhoneCipher = sensitive.encrypt(PhoneNumbers.normalize(contact.phone(), "phone"));
        enterprise.contactEmail = contact.email();
        enterprise.contactReplacementRequiredAt = null;
        return view(enterprise, true);
    }

    private EnterpriseView view(Enterprise enterprise, boolean admin) {
        return EnterpriseView.of(enterprise, admin, sensitive);
    }
}
