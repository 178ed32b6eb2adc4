package io.huiketang.account.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;

/** Reads the events published about one enterprise (its id is their key). */
public final class EnterpriseEvents {

    private EnterpriseEvents() {
    }

    /**
     * The events about this enterprise that {@code wanted} picks, in order, once {@code count} of
     * them arrived. Earlier changes may still be on their way from the outbox when the reader opens:
     * {@code wanted} leaves them out.
     */
    public static List<ConsumedEvent> read(TopicReader events, String enterpriseId, Predicate<ConsumedEvent> wanted,
            int count) {
        List<ConsumedEvent> ours = new ArrayList<>();
        events.readUntil(rs -> {
            ours.clear();
            rs.stream().filter(r -> enterpriseId.equals(r.key())).map(PublishedEvents::assertValid).filter(wanted)
                    .forEach(ours::add);
            return ours.size() >= count;
        }, Duration.ofSeconds(20));
        return List.copyOf(ours);
    }

    public static Predicate<ConsumedEvent> ofTypes(String... types) {
        List<String> wanted = List.of(types);
        return e -> wanted.contains(e.type());
    }

    public static Predicate<ConsumedEvent> about(String type, String accountId) {
        return e -> e.type().equals(type) && accountId.equals(e.data().get("accountId").asText());
    }
}
