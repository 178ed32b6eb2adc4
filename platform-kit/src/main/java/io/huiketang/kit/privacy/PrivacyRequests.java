package io.huiketang.kit.privacy;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.claimcheck.Claim;
import io.huiketang.kit.claimcheck.ClaimChecks;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.privacy.PrivacyProtocol.DataHolderAnnounced;
import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestAnswered;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestOpened;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.StartupEvent;

/**
 * The data holder's side of the privacy protocol, written once: answers each opened request with
 * the service's {@link PersonalDataHolder}, in the inbox transaction (applied once, reply and
 * erasure commit together). An export slice larger than {@code huiketang.privacy.inline-export-max-bytes}
 * goes by claim-check: stored in the S3 store under {@code privacy/<requestId>/<service>.json}, the
 * answer carrying its key, size and SHA-256, so no person's data can make an answer too large for Kafka.
 * A slice stays in the store only for {@code huiketang.privacy.claim-retention} (privacy-service fetches it
 * into the archive long before): a copy of a person's data is never left behind.
 */
@ApplicationScoped
@IfBuildProperty(name = "huiketang.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class PrivacyRequests implements EventHandler {

    private static final Logger LOG = Logger.getLogger(PrivacyRequests.class);

    /** Where export slices go by claim-check: {@code privacy/<requestId>/<service>.json}. */
    static final String SLICES = "privacy/";

    private final Instance<PersonalDataHolder> holder;
    private final Outbox outbox;
    private final ClaimChecks claimChecks;
    private final ObjectMapper json;
    private final String service;
    private final int inlineExportMaxBytes;
    private final Duration claimRetention;

    PrivacyRequests(Instance<PersonalDataHolder> holder, Outbox outbox, ClaimChecks claimChecks, ObjectMapper json,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "huiketang.privacy.inline-export-max-bytes") int inlineExportMaxBytes,
            @ConfigProperty(name = "huiketang.privacy.claim-retention") Duration claimRetention) {
        this.holder = holder;
        this.outbox = outbox;
        this.claimChecks = claimChecks;
        this.json = json;
        this.service = service;
        this.inlineExportMaxBytes = inlineExportMaxBytes;
        this.claimRetention = claimRetention;
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
        RequestAnswered answer = request.kind() == Kind.ACCESS ? exportAnswer(request, data.export(request.subjectId()))
                : new RequestAnswered(request.requestId(), request.subjectId(), Kind.ERASURE, service,
                        Instant.now().toString(), null, null, data.erase(request.subjectId()));
        outbox.publish(PrivacyProtocol.REPLIES_TOPIC, "privacy-request", request.requestId(),
                PrivacyProtocol.REQUEST_ANSWERED, answer);
        LOG.infof("Answered privacy request %s (%s)", request.requestId(), request.kind());
    }

    @Scheduled(identity = "huiketang-privacy-claims", every = "${huiketang.privacy.claim-purge-every:1h}",
            delayed = "${huiketang.retention.delay:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOldSlices() {
        if (active()) {
            int deleted = purgeSlicesStoredBefore(Instant.now().minus(claimRetention));
            LOG.infof("Privacy export slices past their retention deleted from the store: %d", deleted);
        }
    }

    /** Deletes this service's export slices stored before {@code cutoff}; returns how many. */
    public int purgeSlicesStoredBefore(Instant cutoff) {
        return claimChecks.deleteOlderThan(SLICES, "/" + service + ".json", cutoff);
    }

    private RequestAnswered exportAnswer(RequestOpened request, JsonNode export) {
        String answeredAt = Instant.now().toString();
        byte[] slice;
        try {
            slice = json.writeValueAsBytes(export);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The export slice is not serialisable", e);
        }
        if (slice.length <= inlineExportMaxBytes) {
            return new RequestAnswered(request.requestId(), request.subjectId(), Kind.ACCESS, service, answeredAt,
                    export, null, null);
        }
        // Stored before the answer commits; a rolled-back answer leaves the object, which its retry overwrites
        Claim claim = claimChecks.store(SLICES + request.requestId() + "/" + service + ".json", slice,
                "application/json");
        return new RequestAnswered(request.requestId(), request.subjectId(), Kind.ACCESS, service, answeredAt, null,
                claim, null);
    }
}
