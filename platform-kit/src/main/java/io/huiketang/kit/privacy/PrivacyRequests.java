package io.huiketang.kit.privacy;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.privacy.PrivacyProtocol.DataHolderAnnounced;
import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestAnswered;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestOpened;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * The data holder's side of the privacy protocol, written once: answers each opened request with
 * the service's {@link PersonalDataHolder}, in the inbox transaction (applied once, reply and
 * erasure commit together).
 */
@ApplicationScoped
@IfBuildProperty(name = "huiketang.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class PrivacyRequests implements EventHandler {

    private static final Logger LOG = Logger.getLogger(PrivacyRequests.class);

    private final Instance<PersonalDataHolder> holder;
    private final Outbox outbox;
    private final String service;

    PrivacyRequests(Instance<PersonalDataHolder> holder, Outbox outbox,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.holder = holder;
        this.outbox = outbox;
        this.service = service;
    }

    @Override
    public String topic() {
        return PrivacyProtocol.REQUESTS_TOPIC;
    }

    /** A data holder: a service's own PersonalDataHolder, or personal-data sections assembled by platform-kit. */
    @Override
    public boolean active() {
        if (!holder.isResolvable()) {
            return false;
        }
        return !(holder.get() instanceof SectionedPersonalData sectioned) || sectioned.hasSections();
    }

    void announce(@Observes StartupEvent startup) {
        if (!active()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(PrivacyProtocol.REPLIES_TOPIC, "data-holder",
                service, PrivacyProtocol.DATA_HOLDER_ANNOUNCED,
                new DataHolderAnnounced(service, Instant.now().toString())));
    }

    @Override
    public void handle(ConsumedEvent event) {
        if (!PrivacyProtocol.REQUEST_OPENED.equals(event.type())) {
            return;
        }
        RequestOpened request = event.dataAs(RequestOpened.class);
        PersonalDataHolder data = holder.get();
        RequestAnswered answer = request.kind() == Kind.ACCESS
                ? new RequestAnswered(request.requestId(), request.subjectId(), Kind.ACCESS, service,
                        Instant.now().toString(), data.export(request.subjectId()), null)
                : new RequestAnswered(request.requestId(), request.subjectId(), Kind.ERASURE, service,
                        Instant.now().toString(), null, data.erase(request.subjectId()));
        outbox.publish(PrivacyProtocol.REPLIES_TOPIC, "privacy-request", request.requestId(),
                PrivacyProtocol.REQUEST_ANSWERED, answer);
        LOG.infof("Answered privacy request %s (%s)", request.requestId(), request.kind());
    }
}
