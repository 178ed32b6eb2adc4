package io.huiketang.account.cancellation;

import java.time.Instant;
import java.util.List;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.profile.Profiles;
import io.huiketang.account.token.Sessions;
import io.huiketang.account.verification.CodePurpose;
import io.huiketang.account.verification.VerificationCodes;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

/**
 * Account cancellation (注销, ACC-9), confirmed by a code: to the account's mobile number, or, for an
 * account without one (created by enterprise SSO), to its verified e-mail address. The account is
 * cancelled and every session revoked at once; privacy-service then opens the erasure in every
 * service, this one included (see AccountServicePersonalData).
 */
@Path("/api/v1/accounts/me/cancellation")
@Tag(name = "Profile")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CancellationResource {

    public record Confirmation(@NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String code) {
    }

    /** @param channel SMS (the account's number) or EMAIL (its verified address) */
    public record CodeSent(String channel, long expiresInSeconds, long resendAfterSeconds) {
    }

    /** Where the confirmation code goes: SMS or EMAIL, and the number or address. */
    private record Channel(String name, String address) {
    }

    private final Profiles profiles;
    private final VerificationCodes codes;
    private final SensitiveFields sensitive;
    private final Sessions sessions;
    private final Outbox outbox;

    CancellationResource(Profiles profiles, VerificationCodes codes, SensitiveFields sensitive, Sessions sessions,
            Outbox outbox) {
        this.profiles = profiles;
        this.codes = codes;
        this.sensitive = sensitive;
        this.sessions = sessions;
        this.outbox = outbox;
    }

    @POST
    @Path("/codes")
    @Operation(summary = "Send the cancellation code to the account's number (or, without one, its verified e-mail)")
    @APIResponse(responseCode = "202", description = "Code sent; the answer says by which channel")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "409", description = "The account has neither a number nor a verified e-mail address")
    @APIResponse(responseCode = "429", description = "Too many codes; see Retry-After")
    public Response sendCancellationCode(@Context HttpServerRequest http) {
        Channel channel = channelOf(profiles.current());
        String clientIp = http.remoteAddress().hostAddress();
        VerificationCodes.Sent sent = "SMS".equals(channel.name())
                ? codes.send(channel.address(), CodePurpose.CANCEL_ACCOUNT, clientIp)
                : codes.sendByEmail(channel.address(), CodePurpose.CANCEL_ACCOUNT, clientIp);
        return Response.accepted(new CodeSent(channel.name(), sent.expiresInSeconds(), sent.resendAfterSeconds()))
                .build();
    }

    @POST
    @Transactional
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel the account with the code: every session ends at once and its data will be erased")
    @APIResponse(responseCode = "202", description = "Cancelled; the account's tokens are refused from now on, and "
            + "privacy-service erases its data everywhere: the answer names that erasure and where its signed receipt "
            + "will be (the person has no account to log in with afterwards)")
    @APIResponse(responseCode = "400", description = "Wrong or expired code")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "409", description = "The account has neither a number nor a verified e-mail address")
    public Response cancelAccount(@Valid @NotNull Confirmation request) {
        Account account = profiles.current();
        codes.verify(channelOf(account).address(), CodePurpose.CANCEL_ACCOUNT, request.code());
        account.status = AccountStatus.CANCELLED;
        profiles.changed(account, List.of("status"));
        sessions.revokeAll(account.id, Sessions.RevokeReason.ACCOUNT_CANCELLED);
        String id = account.id.toString();
        // The erasure's id is chosen here, so the person leaves with it: privacy-service opens the erasure under it
        String erasure = java.util.UUID.randomUUID().toString();
        outbox.publish(AccountEvents.TOPIC, "account", id, AccountEvents.CANCELLATION_REQUESTED,
                new AccountEvents.CancellationRequested(id, Instant.now().toString(), erasure));
        return Response.accepted(new Cancelled(erasure, "/api/v1/privacy/receipts/" + erasure)).build();
    }

    /** @param receiptUrl where the erasure's signed receipt is published once every service has erased */
    public record Cancelled(String erasureRequestId, String receiptUrl) {
    }

    private Channel channelOf(Account account) {
        if (account.phoneCipher != null) {
            return new Channel("SMS", sensitive.decrypt(account.phoneCipher));
        }
        if (account.email != null && account.emailVerified) {
            return new Channel("EMAIL", account.email);
        }
        throw ProblemException.conflict("This account has neither a mobile number nor a verified e-mail address "
                + "to confirm the cancellation; verify an e-mail address first.");
    }
}
