package io.huiketang.systemtests.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import io.huiketang.kit.testing.ChatClient;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;

/** Meetings for the chat tests: created and joined through the gateway, as clients do. */
public final class ChatJourney {

    private ChatJourney() {
    }

    /** A started meeting's id, with each person joined. */
    public static String meetingWith(Client app, Person host, Person... guests) {
        var meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "聊天", "kind", "INSTANT")).expect(201);
        String number = meeting.get("number").asText();
        app.post("/api/v1/meetings/join", host.token(), Map.of("number", number)).expect(200);
        for (Person guest : guests) {
            app.post("/api/v1/meetings/join", guest.token(), Map.of("number", number)).expect(200);
        }
        return meeting.get("id").asText();
    }

    /**
     * Connects once chat-service has the join (meeting-service's event through Kafka): until then the
     * upgrade is refused with 403.
     */
    public static ChatClient connect(HttpClient http, URI uri, String token, boolean subprotocol) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return subprotocol ? ChatClient.withSubprotocol(http, uri, token) : ChatClient.withHeader(http, uri, token);
            } catch (IllegalStateException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(100);
            }
        }
    }
}
