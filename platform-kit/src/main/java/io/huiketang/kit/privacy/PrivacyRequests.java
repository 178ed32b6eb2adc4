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
import io.huiketang.kit.datamap.DataMap;
import io.huiketang.kit.datamap.DataMaps;
import io.huiketang.kit.privacy.PrivacyProtocol.Kept;
import io.huiketang.kit.privacy.PrivacyProtocol.Receipt;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.StartupEvent;

/**
 * The data holder's side of the privacy protocol, written once: answers each opened request with
 * the service's {@link PersonalDataHolder}, in the inbox transaction (applied once, reply and
 * erasure commit together). An export slice always goes by claim-check: stored in the S3 store under
 * {@code privacy/<requestId>/<service>.json}, the answer carrying its key, size and SHA-256, so no person's
 * data travels on Kafka and no slice can make an answer too large for it. An erasure answers with what it
 * deleted, anonymised and kept (the data map says which); an erasure check with what erasable data remains
 * ({@link ErasureCheck}).
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
    private final ErasureCheck erasureCheck;
    private final java.util.Optional<DataMap> map = DataMaps.ofService();
    private final Duration claimRetention;

    PrivacyRequests(Instance<PersonalDataHolder> holder, Outbox outbox, ClaimChecks claimChecks, ObjectMapper json,
            ErasureCheck erasureCheck, @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "huiketang.privacy.claim-retention") Duration claimRetention) {
        this.holder = holder;
        this.outbox = outbox;
        this.claimChecks = claimChecks;
        this.json = json;
        this.service = service;
        this.erasureCheck = erasureCheck;
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
        if (!request.asks(service)) {
            return;
        }
        PersonalDataHolder data = holder.get();
        String answeredAt = Instant.now().toString();
        RequestAnswered answer = switch (request.kind()) {
            case ACCESS -> new RequestAnswered(request.requestId(), request.subjectId(), Kind.ACCESS, service,
                    answeredAt, storeSlice(request, data.export(request.subjectId())), null, null);
            case ERASURE -> new RequestAnswered(request.requestId(), request.subjectId(), Kind.ERASURE, service,
                    answeredAt, null, receiptOf(data.erase(request.subjectId())), null);
            case ERASURE_CHECK -> new RequestAnswered(request.requestId(), request.subjectId(), Kind.ERASURE_CHECK,
                    service, answeredAt, null, null, erasureCheck.remaining(request.subjectId()));
        };
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

    private Claim storeSlice(RequestOpened request, JsonNode export) {
        byte[] slice;
        try {
            slice = json.writeValueAsBytes(export);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The export slice is not serialisable", e);
        }
        // Stored before the answer commits; a rolled-back answer leaves the object, which its retry overwrites
        return claimChecks.store(SLICES + request.requestId() + "/" + service + ".json", slice, "application/json");
    }

    /** Sorts the rows a section erasure touched into deleted and anonymised by the data map's table action. */
    Receipt receiptOf(ErasureReceipt erasure) {
        java.util.Map<String, Long> deleted = new java.util.TreeMap<>();
        java.util.Map<String, Long> anonymised = new java.util.TreeMap<>();
        erasure.affected().forEach((table, rows) -> {
            boolean deletes = map.flatMap(m -> m.table(table))
                    .map(t -> t.erasure() == null || t.erasure() == DataMap.Erasure.DELETE).orElse(true);
            (deletes ? deleted : anonymised).put(table, rows);
        });
        java.util.List<Kept> kept = erasure.legalHolds().stream()
                .map(hold -> new Kept(hold.dataset(), ruleOf(hold.dataset()), hold.reason(), hold.until()))
                .toList();
        return new Receipt(deleted, anonymised, kept);
    }

    private String ruleOf(String dataset) {
        return map.flatMap(m -> m.table(dataset)).filter(t -> t.retention() != null)
                .flatMap(t -> t.retention().rules().stream().findFirst()).map(DataMap.Rule::name).orElse(null);
    }
}
