package io.huiketang.systemtests.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.ChatClient;
import io.huiketang.systemtests.chat.ChatJourney;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Journey: two participants chat through the gateway over WSS (the JDK client prefers HTTP/2 and
 * upgrades over HTTP/1.1): a text and a picture arrive unchanged; a non-participant is refused at the
 * upgrade; a participant who leaves the meeting is disconnected; a logout disconnects at once.
 */
class ChatJourneyTest {

    private final Client app = Platform.get().client();

    @Test
    void twoParticipantsChatAStrangerIsRefusedLeavingAndLogoutDisconnect() throws Exception {
        Person host = app.registerAdult("主持人");
        Person guest = app.registerAdult("参会者");
        Person stranger = app.registerAdult("路人");
        String meetingId = ChatJourney.meetingWith(app, host, guest);
        URI chat = URI.create(app.uri("/api/v1/chat/meetings/" + meetingId).toString().replaceFirst("^https", "wss"));

        try (ChatClient h = ChatJourney.connect(app.http(), chat, host.token(), false);
                // As a browser does: the token in the bearer-token-carrier subprotocol, read by the gateway too
                ChatClient g = ChatJourney.connect(app.http(), chat, guest.token(), true)) {
            assertEquals("bearer-token-carrier", g.subprotocol(), "chat-service selected the carrier through the gateway");
            // End-to-end encrypted by the clients: the relay passes what it cannot read
            byte[] secret = new byte[1024];
            new SecureRandom().nextBytes(secret);
            String body = Base64.getEncoder().encodeToString(secret);
            h.send(Map.of("v", 1, "type", "text", "id", "hello", "body", body));
            JsonNode text = g.next("text");
            assertEquals(body, text.get("body").asText());
            assertEquals(host.accountId(), text.get("from").asText());
            assertEquals("hello", h.next("ack").get("ref").asText());

            byte[] picture = new byte[100_000];
            new SecureRandom().nextBytes(picture);
            int half = picture.length / 2;
            for (int seq = 0; seq < 2; seq++) {
                Map<String, Object> chunk = new HashMap<>(Map.of("v", 1, "type", "picture-chunk", "id", "pic-" + seq,
                        "pictureId", "photo", "seq", seq, "last", seq == 1, "data", Base64.getEncoder()
                                .encodeToString(Arrays.copyOfRange(picture, seq * half, (seq + 1) * half))));
                if (seq == 0) {
                    chunk.put("mediaType", "image/jpeg");
                    chunk.put("size", picture.length);
                }
                g.send(chunk);
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            for (int seq = 0; seq < 2; seq++) {
                received.writeBytes(Base64.getDecoder().decode(h.next("picture-chunk").get("data").asText()));
            }
            assertTrue(Arrays.equals(picture, received.toByteArray()), "the picture arrives byte for byte");

            ChatClient.Refused refused = ChatClient.refused(app.http(), chat, stranger.token());
            assertEquals(403, refused.status());
            assertEquals(401, ChatClient.refused(app.http(), chat, null).status());

            app.post("/api/v1/meetings/" + meetingId + "/leave", guest.token(), Map.of()).expect(204);
            assertEquals(4403, g.awaitClosed(Duration.ofSeconds(15)).code());

            app.post("/api/v1/accounts/logout", host.token(), Map.of()).expect(204);
            long loggedOut = System.nanoTime();
            ChatClient.Closed closed = h.awaitClosed(Duration.ofSeconds(3));
            assertEquals(4401, closed.code(), closed.toString());
            System.out.printf("Chat connection closed %d ms after the logout%n", (System.nanoTime() - loggedOut) / 1_000_000);
        }
    }
}
