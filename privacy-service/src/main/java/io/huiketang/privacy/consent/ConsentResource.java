package io.huiketang.privacy.consent;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.kit.request.RequestIds;
import io.huiketang.privacy.consent.ConsentLedger.PurposeState;
import io.quarkus.security.Authenticated;

/**
 * A person's own consents (PRV-2): only ever the caller's (the account is the token's subject; no
 * path names another). Reading is open to every account, a child awaiting a guardian's consent
 * too (what is recorded on oneself is always visible); withdrawing is too (it must always be
 * possible and only stops processing); giving consent needs an active account (a child's
 * needs the guardian first, ACC-10). A suspended account's tokens are refused altogether.
 */
@Path("/api/v1/privacy/consents")
@Tag(name = "Consents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConsentResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PurposeView(String purpose, String labelZh, String labelEn, boolean granted, boolean byDefault,
            Instant changedAt, String channel, String policyVersion) {

        static PurposeView of(PurposeState s) {
            return new PurposeView(s.purpose().name(), s.purpose().labelZh(), s.purpose().labelEn(), s.granted(),
                    s.changedAt() == null, s.changedAt(), s.channel(), s.policyVersion());
        }
    }

    public record PolicyAcceptance(String version, Instant acceptedAt) {
    }

    public record Consents(PolicyAcceptance policy, List<PurposeView> purposes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(String kind, String purpose, boolean granted, String policyVersion, Instant recordedAt,
            String channel, String evidence) {

        static HistoryEntry of(ConsentEntry e) {
            return new HistoryEntry(e.kind.name(), e.purpose, e.granted, e.policyVersion, e.recordedAt, e.channel,
                    e.evidence);
        }
    }

    public record History(List<HistoryEntry> entries) {
    }

    public record Choice(Boolean granted, String channel) {
    }

    public record Changed(PurposeView consent, boolean changed) {
    }

    private final Caller caller;
    private final ConsentLedger ledger;
    private final Purposes purposes;

    ConsentResource(Caller caller, ConsentLedger ledger, Purposes purposes) {
        this.caller = caller;
        this.ledger = ledger;
        this.purposes = purposes;
    }

    @GET
    @Operation(summary = "The caller's current consent per purpose (a purpose without a choice shows its default) "
            + "and the policy version they accepted last")
    @APIResponse(responseCode = "200", description = "Every purpose, in a stable order")
    @APIResponse(responseCode = "401", description = "No valid access token")
    public Consents consents() {
        var accountId = caller.accountId();
        ConsentEntry acceptance = ledger.latestAcceptance(accountId);
        return new Consents(acceptance == null ? null
                : new PolicyAcceptance(acceptance.policyVersion, acceptance.recordedAt),
                ledger.states(accountId).stream().map(PurposeView::of).toList());
    }

    @GET
    @Path("history")
    @Operation(summary = "The caller's whole consent ledger, newest first: every policy acceptance and every "
            + "consent given or withdrawn, with version, time, channel and evidence")
    @APIResponse(responseCode = "200", description = "The ledger")
    @APIResponse(responseCode = "401", description = "No valid access token")
    public History history() {
        return new History(ledger.history(caller.accountId()).stream().map(HistoryEntry::of).toList());
    }

    @PUT
    @Path("{purpose}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give or withdraw consent to one purpose; recorded in the ledger and published as "
            + "huiketang.privacy.consent-changed.v1 (a repeat of the current choice records nothing)")
    @APIResponse(responseCode = "200", description = "The purpose's state now, and whether this request changed it")
    @APIResponse(responseCode = "400", description = "granted or channel missing or invalid (named)")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "Giving consent: the account awaits a guardian's consent")
    @APIResponse(responseCode = "404", description = "No such purpose (the problem names 'purpose')")
    public Changed change(@PathParam("purpose") String purpose, Choice choice) {
        var accountId = caller.accountId();
        Purposes.Purpose known = purposes.require(purpose);
        if (choice == null || choice.granted() == null) {
            throw ProblemException.invalidField("granted", "is required (true or false)");
        }
        Channel channel = Channel.parse(choice.channel());
        if (choice.granted()) {
            caller.requireActive();
        }
        ConsentLedger.Change change = ledger.change(accountId, known, choice.granted(), channel,
                Evidence.ofRequest(RequestIds.current(), caller.sessionId()));
        return new Changed(PurposeView.of(change.state()), change.changed());
    }
}
