package io.huiketang.meeting.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;

/**
 * Every event one meeting published, as consumers see them on Kafka: the outbox is drained for the
 * meeting first, so a duplicate published late is counted too.
 */
public final class MeetingEventLog {

    private MeetingEventLog() {
    }

    public static List<ConsumedEvent> of(TopicReader reader, DataSource dataSource, String meetingId) {
        awaitOutboxDrained(dataSource, meetingId);
        return reader.readToEnd(Duration.ofSeconds(30)).stream().filter(r -> meetingId.equals(r.key()))
                .map(PublishedEvents::assertValid).toList();
    }

    /** The events of one type; {@code sessionId} (may be null) narrows participant events to one session. */
    public static long count(List<ConsumedEvent> events, String type, String sessionId) {
        return events.stream().filter(e -> e.type().equals(type))
                .filter(e -> sessionId == null || sessionId.equals(e.data().path("sessionId").asText())).count();
    }

    private static void awaitOutboxDrained(DataSource dataSource, String meetingId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement pending = connection.prepareStatement(
                        "SELECT count(*) FROM outbox_event WHERE aggregateid = ?")) {
            pending.setString(1, meetingId);
            while (true) {
                try (ResultSet rs = pending.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("The outbox still holds events of the meeting after 30 s");
                }
                Thread.sleep(100);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
