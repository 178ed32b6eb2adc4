package io.huiketang.privacy.request;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.privacy.PrivacyProtocol.DataHolderAnnounced;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestAnswered;

/** The holders' side of the protocol arriving: announcements and answers, each applied once (kit inbox). */
@ApplicationScoped
public class PrivacyReplies implements EventHandler {

    private final RightsRequests requests;

    PrivacyReplies(RightsRequests requests) {
        this.requests = requests;
    }

    @Override
    public String topic() {
        return PrivacyProtocol.REPLIES_TOPIC;
    }

    @Override
    public void handle(ConsumedEvent event) {
        switch (event.type()) {
            case PrivacyProtocol.REQUEST_ANSWERED -> requests.answered(event.dataAs(RequestAnswered.class));
            case PrivacyProtocol.DATA_HOLDER_ANNOUNCED -> {
                DataHolderAnnounced announced = event.dataAs(DataHolderAnnounced.class);
                requests.holderAnnounced(announced.service(), Instant.parse(announced.announcedAt()));
            }
            default -> {
            }
        }
    }
}
