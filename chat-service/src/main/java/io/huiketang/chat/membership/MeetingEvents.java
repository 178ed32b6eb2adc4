package io.huiketang.chat.membership;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.chat.notices.SystemNotices;
import io.huiketang.chat.relay.Rooms;
import io.huiketang.kit.events.ConsumedEvent;
import io.smallrye.mutiny.Uni;

/**
 * meeting-service's events kept as the membership read model ({@link Membership}): joins add, leaves
 * remove, an ending clears the meeting and closes its chat. A plain consumer without an inbox
 * (chat-service has no database): every update is idempotent, so a redelivery changes nothing.
 */
@ApplicationScoped
public class MeetingEvents {

    private static final Logger LOG = Logger.getLogger(MeetingEvents.class);

    static final String JOINED = "huiketang.meeting.participant-joined.v1";
    static final String LEFT = "huiketang.meeting.participant-left.v1";
    static final String ENDED = "huiketang.meeting.meeting-ended.v1";

    private final Membership membership;
    private final Rooms rooms;

    MeetingEvents(Membership membership, Rooms rooms) {
        this.membership = membership;
        this.rooms = rooms;
    }

    @Incoming("meeting-events")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        ConsumedEvent event;
        try {
            event = ConsumedEvent.parse(record.topic(), record.key(), record.value());
        } catch (ConsumedEvent.UnreadableEventException e) {
            LOG.warnf("Skipped an unreadable record of %s (partition %d, offset %d)", record.topic(), record.partition(),
                    record.offset());
            return Uni.createFrom().voidItem();
        }
        try {
            return apply(event.type(), event.data());
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.warnf("Skipped a %s event without the fields it needs (offset %d)", event.type(), record.offset());
            return Uni.createFrom().voidItem();
        }
    }

    Uni<Void> apply(String type, JsonNode data) {
        return switch (type) {
            case JOINED -> membership.joined(uuid(data, "meetingId"), uuid(data, "accountId"), uuid(data, "sessionId"))
                    .replaceWithVoid();
            case LEFT -> {
                UUID meetingId = uuid(data, "meetingId");
                UUID accountId = uuid(data, "accountId");
                yield membership.left(meetingId, accountId, uuid(data, "sessionId"))
                        .chain(gone -> gone ? rooms.publishLeft(meetingId, accountId) : Uni.createFrom().voidItem());
            }
            case ENDED -> {
                UUID meetingId = uuid(data, "meetingId");
                yield membership.ended(meetingId)
                        .chain(() -> rooms.publishEnded(meetingId, SystemNotices.meetingEnded(data)));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    private static UUID uuid(JsonNode data, String field) {
        return UUID.fromString(data.get(field).asText());
    }
}
