package io.huiketang.privacy.request;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.claimcheck.Claim;
import io.huiketang.kit.claimcheck.ClaimChecks;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestAnswered;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;

/**
 * A data holder of the tests, over the real broker and S3 store: it reads what privacy-service asks on
 * privacy.events, and answers on privacy.replies as platform-kit's holder side does (slices by claim-check).
 */
final class StandInHolder implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Duration WAIT = Duration.ofSeconds(60);

    final String service;
    private final ClaimChecks store;
    private final TopicReader asks = TopicReader.fromNow(PrivacyProtocol.REQUESTS_TOPIC);
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "privacy-test-holder"),
            new StringSerializer(), new ByteArraySerializer());

    StandInHolder(String service, ClaimChecks store) {
        this.service = service;
        this.store = store;
    }

    void announce() throws Exception {
        send(service, PrivacyProtocol.DATA_HOLDER_ANNOUNCED,
                new PrivacyProtocol.DataHolderAnnounced(service, Instant.now().toString()));
    }

    /** Waits until privacy-service asks this holder {@code kind} about {@code requestId}; returns how many asks so far. */
    List<ConsumedEvent> awaitAsked(String requestId, Kind kind, int times) {
        return asksOf(asks.readUntil(records -> asksOf(records, requestId, kind).size() >= times, WAIT), requestId,
                kind);
    }

    /** Every ask seen so far, after reading what has arrived for {@code duration}. */
    List<ConsumedEvent> asksWithin(Duration duration, String requestId, Kind kind) {
        return asksOf(asks.readFor(duration), requestId, kind);
    }

    private List<ConsumedEvent> asksOf(List<ConsumerRecord<String, byte[]>> records, String requestId, Kind kind) {
        return records.stream().map(StandInHolder::parse).filter(e -> e != null && isAsk(e, requestId, kind))
                .toList();
    }

    private static ConsumedEvent parse(ConsumerRecord<String, byte[]> record) {
        ConsumedEvent event;
        try {
            event = ConsumedEvent.parse(record.topic(), record.key(), record.value());
        } catch (ConsumedEvent.UnreadableEventException e) {
            return null;
        }
        // What privacy-service asks is checked against its schema
        return PrivacyProtocol.REQUEST_OPENED.equals(event.type()) ? PublishedEvents.assertValid(record) : event;
    }

    private boolean isAsk(ConsumedEvent event, String requestId, Kind kind) {
        if (!PrivacyProtocol.REQUEST_OPENED.equals(event.type())) {
            return false;
        }
        PrivacyProtocol.RequestOpened opened = event.dataAs(PrivacyProtocol.RequestOpened.class);
        return opened.requestId().equals(requestId) && opened.kind() == kind && opened.asks(service);
    }

    void answerAccess(String requestId, String subjectId, byte[] slice) throws Exception {
        Claim claim = store.store("privacy/" + requestId + "/" + service + ".json", slice, "application/json");
        answer(new RequestAnswered(requestId, subjectId, Kind.ACCESS, service, Instant.now().toString(), claim, null,
                null));
    }

    void answerErasure(String requestId, String subjectId) throws Exception {
        answer(new RequestAnswered(requestId, subjectId, Kind.ERASURE, service, Instant.now().toString(), null,
                new PrivacyProtocol.Receipt(Map.of("stand_in_profile", 1L), Map.of("stand_in_visit", 3L),
                        List.of(new PrivacyProtocol.Kept("stand_in_network_log", "network-log",
                                "network log: kept at least 180 days (网络安全法 art. 21)",
                                java.time.LocalDate.now().plusDays(180)))),
                null));
    }

    void answerCheck(String requestId, String subjectId, Map<String, Long> remaining) throws Exception {
        answer(new RequestAnswered(requestId, subjectId, Kind.ERASURE_CHECK, service, Instant.now().toString(), null,
                null, remaining));
    }

    private void answer(RequestAnswered answer) throws Exception {
        send(answer.requestId(), PrivacyProtocol.REQUEST_ANSWERED, answer);
    }

    private void send(String key, String type, Object data) throws Exception {
        byte[] value = EventEnvelope.toJson(UUID.randomUUID(), URI.create("/huiketang/" + service), type, key,
                OffsetDateTime.now(ZoneOffset.UTC), JSON.valueToTree(data)).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(PrivacyProtocol.REPLIES_TOPIC, key, value)).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        asks.close();
        producer.close();
    }
}
