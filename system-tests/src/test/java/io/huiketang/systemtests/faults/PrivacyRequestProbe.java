package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestOpened;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;

/**
 * Privacy requests published as privacy-service publishes them (it is not built yet), and the data
 * holders' answers counted on privacy.replies.
 */
final class PrivacyRequestProbe implements AutoCloseable {

    private static final URI PRIVACY_SERVICE = URI.create("/huiketang/privacy-service");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopicReader replies = TopicReader.fromNow(PrivacyProtocol.REPLIES_TOPIC);
    private final KafkaProducer<String, String> producer = new KafkaProducer<>(
            OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "system-tests-privacy"));

    /** Publishes a request about this account and returns its id. */
    String open(String subjectId, Kind kind) throws Exception {
        String requestId = "req-" + UUID.randomUUID();
        String request = EventEnvelope.toJson(UUID.randomUUID(), PRIVACY_SERVICE, PrivacyProtocol.REQUEST_OPENED,
                requestId, OffsetDateTime.now(ZoneOffset.UTC),
                JSON.valueToTree(new RequestOpened(requestId, subjectId, kind)));
        producer.send(new ProducerRecord<>(PrivacyProtocol.REQUESTS_TOPIC, requestId, request)).get(10, TimeUnit.SECONDS);
        return requestId;
    }

    /**
     * Waits for every service's answer to every request, then reads a few seconds more, and asserts
     * that each service answered each request with exactly one event (a redelivery of that same
     * event id is what privacy-service's inbox absorbs; a second event would be a second application).
     *
     * @return how many records were redeliveries of an answer already read
     */
    int assertAnsweredOnce(Collection<String> requestIds, Set<String> services, Duration timeout) {
        Map<String, Set<String>> eventIds = new HashMap<>(); // requestId/service -> answer event ids
        int[] read = { 0, 0 };
        java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> collect = rs -> {
            for (ConsumerRecord<String, byte[]> r : rs.subList(read[0], rs.size())) {
                ConsumedEvent event = PublishedEvents.assertValid(r);
                if (PrivacyProtocol.REQUEST_ANSWERED.equals(event.type()) && requestIds.contains(r.key())) {
                    read[1]++;
                    eventIds.computeIfAbsent(r.key() + "/" + event.data().get("service").asText(),
                            k -> new HashSet<>()).add(event.id());
                }
            }
            read[0] = rs.size();
            return requestIds.stream().allMatch(id -> services.stream().allMatch(s -> eventIds.containsKey(id + "/" + s)));
        };
        replies.readUntil(collect, timeout);
        collect.test(replies.readFor(Duration.ofSeconds(5)));
        Map<String, Integer> answers = new HashMap<>();
        eventIds.forEach((key, ids) -> answers.put(key, ids.size()));
        Map<String, Integer> once = new HashMap<>();
        answers.keySet().forEach(key -> once.put(key, 1));
        assertEquals(once, answers, "answers per request and service (distinct event ids)");
        return read[1] - eventIds.size();
    }

    /** The answer of one service to one request. */
    ConsumedEvent answerOf(String requestId, String service, Duration timeout) {
        java.util.function.Predicate<ConsumerRecord<String, byte[]>> ours = r -> requestId.equals(r.key())
                && service.equals(PublishedEvents.assertValid(r).data().path("service").asText());
        return replies.readUntil(rs -> rs.stream().anyMatch(ours), timeout).stream().filter(ours)
                .map(PublishedEvents::assertValid).findFirst()
                .orElseThrow(() -> new AssertionError(service + " did not answer " + requestId));
    }

    @Override
    public void close() {
        producer.close();
        replies.close();
    }
}
