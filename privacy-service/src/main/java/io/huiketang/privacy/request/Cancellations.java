package io.huiketang.privacy.request;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;

/**
 * A cancelled account (注销, ACC-9) is erased everywhere: account-service's {@code cancellation-requested}
 * (confirmed there by a one-time code) opens an ERASURE for the person, once however often it is delivered.
 */
@ApplicationScoped
public class Cancellations implements EventHandler {

    static final String ACCOUNT_EVENTS = "account.events";
    static final String CANCELLATION_REQUESTED = "huiketang.account.cancellation-requested.v1";

    record CancellationRequested(String accountId, String requestedAt, String erasureRequestId) {
    }

    private final RightsRequests requests;

    Cancellations(RightsRequests requests) {
        this.requests = requests;
    }

    @Override
    public String topic() {
        return ACCOUNT_EVENTS;
    }

    @Override
    public void handle(ConsumedEvent event) {
        if (CANCELLATION_REQUESTED.equals(event.type())) {
            CancellationRequested cancelled = event.dataAs(CancellationRequested.class);
            UUID account = UUID.fromString(cancelled.accountId());
            // The id the person was given with the cancellation, so they find the receipt without an account
            UUID id = cancelled.erasureRequestId() == null ? UUID.randomUUID()
                    : UUID.fromString(cancelled.erasureRequestId());
            requests.open(id, account, RightsRequest.Kind.ERASURE, RightsRequest.Origin.CANCELLATION, null,
                    "account-service");
        }
    }
}
