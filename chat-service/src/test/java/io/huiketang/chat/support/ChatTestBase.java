package io.huiketang.chat.support;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.huiketang.chat.membership.Membership;
import io.quarkus.test.common.http.TestHTTPResource;

/** What the chat tests share: the endpoint's address, the event feed and waiting for the read model. */
public abstract class ChatTestBase {

    protected static MeetingFeed feed;

    @TestHTTPResource("/api/v1/chat/meetings/")
    protected URI base;

    @Inject
    protected Membership membership;

    @BeforeAll
    static void openFeed() {
        feed = new MeetingFeed();
    }

    @AfterAll
    static void closeFeed() {
        feed.close();
    }

    protected URI chat(UUID meetingId) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + meetingId);
    }

    /** Publishes participant-joined and waits until the read model has it. */
    protected UUID join(UUID meetingId, UUID accountId) {
        UUID session = UUID.randomUUID();
        feed.joined(meetingId, accountId, session);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> membership.isParticipant(meetingId, accountId).await().atMost(Duration.ofSeconds(2)));
        return session;
    }
}
