package io.huiketang.privacy.consent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;

/**
 * Every acceptance of a policy version, from account-service's {@code policy-accepted} events, into the
 * ledger (once per event: platform-kit's inbox). Fields the schema may gain ({@code channel},
 * {@code evidence}) are kept when present and plainly ids; other unknown fields are ignored.
 */
@ApplicationScoped
public class PolicyAcceptances implements EventHandler {

    static final String ACCOUNT_EVENTS = "account.events";
    static final String POLICY_ACCEPTED = "huiketang.account.policy-accepted.v1";
    private static final Pattern CHANNEL = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    private final ConsentLedger ledger;

    PolicyAcceptances(ConsentLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String topic() {
        return ACCOUNT_EVENTS;
    }

    @Override
    public void handle(ConsumedEvent event) {
        if (!POLICY_ACCEPTED.equals(event.type())) {
            return;
        }
        JsonNode data = event.data();
        UUID accountId = UUID.fromString(data.path("accountId").asText());
        String version = data.path("policyVersion").asText();
        if (version.isBlank() || version.length() > 32) {
            throw new ConsumedEvent.UnreadableEventException("policy-accepted without a valid policyVersion");
        }
        Instant acceptedAt = acceptedAt(data.path("acceptedAt").asText(), event);
        String channel = data.path("channel").isTextual() && CHANNEL.matcher(data.path("channel").asText()).matches()
                ? data.path("channel").asText() : null;
        String reported = data.path("evidence").isTextual() ? data.path("evidence").asText() : null;
        ledger.recordAcceptance(accountId, version, acceptedAt, channel, Evidence.ofEvent(event.id(), reported));
    }

    private static Instant acceptedAt(String text, ConsumedEvent event) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            if (event.time() != null) {
                return event.time().toInstant();
            }
            throw new ConsumedEvent.UnreadableEventException("policy-accepted without a valid acceptedAt");
        }
    }
}
