package io.huiketang.chat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.ChatClient;
import io.huiketang.chat.support.ChatTestBase;
import io.huiketang.chat.support.UnreadSocket;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The relay over real WebSockets, with the membership fed through the stack's Kafka and kept in its Redis. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class ChatRelayTest extends ChatTestBase {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String randomBase64(int bytes) {
        byte[] data = new byte[bytes];
        RANDOM.nextBytes(data);
        return Base64.getEncoder().encodeToString(data);
    }

    @Test
    void twoParticipantsExchangeOpaqueBytesUnchangedWithAnAcknowledgement() {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        join(meeting, alice);
        join(meeting, bob);
        try (ChatClient a = ChatClient.withHeader(chat(meeting), TestTokens.person(alice));
                ChatClient b = ChatClient.withSubprotocol(chat(meeting), TestTokens.person(bob))) {
            assertEquals("bearer-token-carrier", b.subprotocol());
            String ciphertext = randomBase64(4096);
            a.send(Map.of("v", 1, "type", "text", "id", "m-1", "body", ciphertext));

            JsonNode received = b.next("text");
            assertEquals(ciphertext, received.get("body").asText());
            assertEquals("m-1", received.get("id").asText());
            assertEquals(alice.toString(), received.get("from").asText());
            JsonNode ack = a.next("ack");
            assertEquals("m-1", ack.get("ref").asText());
            assertEquals("relayed", ack.get("status").asText());

            // A receipt and typing go the other way; the sender never gets its own frame back
            b.send(Map.of("v", 1, "type", "ack", "id", "r-1", "ref", "m-1"));
            b.send(Map.of("v", 1, "type", "typing"));
            JsonNode receipt = a.next(f -> "ack".equals(f.path("type").asText()) && f.has("from"));
            assertEquals("m-1", receipt.get("ref").asText());
            assertEquals(bob.toString(), receipt.get("from").asText());
            assertEquals(bob.toString(), a.next("typing").get("from").asText());
            assertTrue(b.received().stream().noneMatch(f -> "typing".equals(f.path("type").asText())));
        }
    }

    @Test
    void aPictureInChunksArrivesByteForByte() {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        join(meeting, alice);
        join(meeting, bob);
        try (ChatClient a = ChatClient.withHeader(chat(meeting), TestTokens.person(alice));
                ChatClient b = ChatClient.withHeader(chat(meeting), TestTokens.person(bob))) {
            byte[] picture = new byte[200_000];
            RANDOM.nextBytes(picture);
            int chunk = 48 * 1024;
            int chunks = (picture.length + chunk - 1) / chunk;
            for (int seq = 0; seq < chunks; seq++) {
                byte[] part = java.util.Arrays.copyOfRange(picture, seq * chunk, Math.min(picture.length, (seq + 1) * chunk));
                Map<String, Object> frame = new java.util.HashMap<>(Map.of("v", 1, "type", "picture-chunk", "id", "p-" + seq,
                        "pictureId", "pic-1", "seq", seq, "last", seq == chunks - 1,
                        "data", Base64.getEncoder().encodeToString(part)));
                if (seq == 0) {
                    frame.put("mediaType", "image/png");
                    frame.put("size", picture.length);
                }
                a.send(frame);
            }
            java.io.ByteArrayOutputStream reassembled = new java.io.ByteArrayOutputStream();
            for (int seq = 0; seq < chunks; seq++) {
                JsonNode part = b.next("picture-chunk");
                assertEquals(seq, part.get("seq").asInt());
                reassembled.writeBytes(Base64.getDecoder().decode(part.get("data").asText()));
            }
            assertTrue(java.util.Arrays.equals(picture, reassembled.toByteArray()));

            // A type not allowed, and chunks beyond the declared size, are refused with error frames
            a.send(Map.of("v", 1, "type", "picture-chunk", "id", "x-1", "pictureId", "pic-2", "seq", 0, "last", true,
                    "mediaType", "application/x-msdownload", "size", 3, "data", "AAAA"));
            assertEquals("picture-type-not-allowed", a.next("error").get("code").asText());
            a.send(Map.of("v", 1, "type", "picture-chunk", "id", "x-2", "pictureId", "pic-3", "seq", 0, "last", false,
                    "mediaType", "image/jpeg", "size", 3, "data", "AAAAAAAA"));
            JsonNode tooLarge = a.next("error");
            assertEquals("picture-too-large", tooLarge.get("code").asText());
            assertEquals("x-2", tooLarge.get("ref").asText());
            a.send(Map.of("v", 1, "type", "picture-chunk", "id", "x-3", "pictureId", "pic-4", "seq", 0, "last", true,
                    "mediaType", "image/jpeg", "size", 6_000_000, "data", "AAAA"));
            assertEquals("picture-too-large", a.next("error").get("code").asText());
            assertTrue(a.isOpen());
        }
    }

    @Test
    void badFramesGetErrorFramesAndTheConnectionStaysUp() {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        join(meeting, alice);
        try (ChatClient a = ChatClient.withHeader(chat(meeting), TestTokens.person(alice))) {
            a.send(Map.of("v", 1, "type", "video", "id", "u-1"));
            JsonNode unknown = a.next("error");
            assertEquals("unknown-type", unknown.get("code").asText());
            assertEquals("u-1", unknown.get("ref").asText());
            a.send("not json");
            assertEquals("invalid-frame", a.next("error").get("code").asText());
            a.send(Map.of("v", 2, "type", "text", "id", "u-2", "body", "x"));
            assertEquals("unsupported-version", a.next("error").get("code").asText());
            a.send(Map.of("v", 1, "type", "system", "id", "u-3"));
            assertEquals("unknown-type", a.next("error").get("code").asText());
            a.send(Map.of("v", 1, "type", "text", "id", "u-4", "body", "x", "from", UUID.randomUUID().toString()));
            assertEquals("invalid-frame", a.next("error").get("code").asText());
            a.send(Map.of("v", 1, "type", "text", "id", "u-5", "body", "x".repeat(100_000)));
            assertEquals("frame-too-large", a.next("error").get("code").asText());
            a.send(Map.of("v", 1, "type", "text", "id", "u-6", "body", "still here"));
            assertEquals("u-6", a.next("ack").get("ref").asText());
            assertTrue(a.isOpen());
        }
    }

    @Test
    void aSenderOverItsRateGetsAnErrorFrame() {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        join(meeting, alice);
        try (ChatClient a = ChatClient.withHeader(chat(meeting), TestTokens.person(alice))) {
            // 200 frames per second in this profile: 400 at once go over
            for (int i = 0; i < 400; i++) {
                a.send("{\"v\":1,\"type\":\"typing\"}");
            }
            JsonNode limited = a.next("error");
            assertEquals("rate-limited", limited.get("code").asText());
            assertTrue(limited.get("detail").asText().contains("messages-per-second"), limited.toString());
            assertTrue(a.isOpen());
        }
    }

    @Test
    void onlyCurrentParticipantsWithAValidTokenGetThroughTheUpgrade() {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        join(meeting, alice);

        ChatClient.Refused stranger = ChatClient.refused(chat(meeting), TestTokens.person(UUID.randomUUID()));
        assertEquals(403, stranger.status());
        assertTrue(stranger.reason().startsWith("not-a-participant"), stranger.reason());
        assertEquals(401, ChatClient.refused(chat(meeting), null).status());
        assertEquals(401, ChatClient.refused(chat(meeting), "not-a-token").status());
        String expired = TestTokens.personIssuedAt(alice, Instant.now().minusSeconds(700));
        assertEquals(401, ChatClient.refused(chat(meeting), expired).status());
        assertEquals(400, ChatClient.refused(java.net.URI.create(chat(meeting).toString().replace(meeting.toString(),
                "not-a-uuid")), TestTokens.person(alice)).status());
    }

    @Test
    void aParticipantWhoLeavesIsDisconnectedAndOneWhoRejoinedElsewhereIsNot() {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID first = join(meeting, alice);
        join(meeting, bob);
        try (ChatClient a = ChatClient.withHeader(chat(meeting), TestTokens.person(alice));
                ChatClient b = ChatClient.withHeader(chat(meeting), TestTokens.person(bob))) {
            // Alice rejoins from another device: her first session closes, she is still in the meeting
            UUID second = join(meeting, alice);
            feed.left(meeting, alice, first, "REJOINED");
            UUID bobSession = UUID.randomUUID();
            feed.joined(meeting, bob, bobSession);
            feed.left(meeting, bob, bobSession, "LEFT");
            // Bob had two sessions (the helper's and this one) and closed only one: he stays, too
            a.send(Map.of("v", 1, "type", "text", "id", "still", "body", "x"));
            assertEquals("still", b.next("text").get("id").asText());

            feed.left(meeting, alice, second, "LEFT");
            ChatClient.Closed closed = a.awaitClosed(Duration.ofSeconds(15));
            assertEquals(Rooms.NOT_A_PARTICIPANT, closed.code());
            assertTrue(b.isOpen());
            assertEquals(403, ChatClient.refused(chat(meeting), TestTokens.person(alice)).status());
        }
    }

    @Test
    void theMeetingsEndIsAnnouncedThenEveryConnectionClosed() {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        join(meeting, alice);
        join(meeting, bob);
        try (ChatClient a = ChatClient.withHeader(chat(meeting), TestTokens.person(alice));
                ChatClient b = ChatClient.withHeader(chat(meeting), TestTokens.person(bob))) {
            feed.recordingStarted(meeting, "本会议正在录制");
            for (ChatClient client : List.of(a, b)) {
                JsonNode notice = client.next("system");
                assertEquals("recording-started", notice.get("event").asText());
                assertEquals("本会议正在录制", notice.get("notice").asText());
            }
            feed.recordingStopped(meeting);
            assertEquals("recording-stopped", a.next("system").get("event").asText());
            assertEquals("STOPPED", b.next("system").get("reason").asText());

            feed.ended(meeting);
            for (ChatClient client : List.of(a, b)) {
                assertEquals("meeting-ended", client.next("system").get("event").asText());
                assertEquals(Rooms.MEETING_ENDED, client.awaitClosed(Duration.ofSeconds(15)).code());
            }
            // A join delivered after the end adds nobody
            feed.joined(meeting, alice, UUID.randomUUID());
            assertEquals(403, ChatClient.refused(chat(meeting), TestTokens.person(alice)).status());
        }
    }

    @Test
    void aConnectionIsClosedWhenItsTokenExpires() {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        join(meeting, alice);
        // TestTokens live 600 s: issued 597 s ago, this one has 3 s left
        String shortLived = TestTokens.personIssuedAt(alice, Instant.now().minusSeconds(597));
        try (ChatClient a = ChatClient.withHeader(chat(meeting), shortLived)) {
            ChatClient.Closed closed = a.awaitClosed(Duration.ofSeconds(10));
            assertTrue(closed.code() == Rooms.TOKEN_ENDED || closed.code() == 1008, closed.toString());
        }
    }

    @Test
    void aRevokedSessionIsDisconnectedWithinASecond() throws Exception {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        join(meeting, alice);
        String token = TestTokens.person(alice);
        String session = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("sid").asText();
        try (ChatClient a = ChatClient.withHeader(chat(meeting), token)) {
            revokedSessions.revoke(session, Duration.ofMinutes(10)).await().atMost(Duration.ofSeconds(5));
            long revokedAt = System.nanoTime();
            ChatClient.Closed closed = a.awaitClosed(Duration.ofMillis(1500));
            long millis = (System.nanoTime() - revokedAt) / 1_000_000;
            assertEquals(Rooms.TOKEN_ENDED, closed.code());
            System.out.println("Revoked session closed after " + millis + " ms");
            assertEquals(401, ChatClient.refused(chat(meeting), token).status());
        }
    }

    @Test
    void aConsumerThatDoesNotReadIsClosedAndTheRoomGoesOn() throws Exception {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID carol = UUID.randomUUID();
        join(meeting, alice);
        join(meeting, bob);
        join(meeting, carol);
        try (ChatClient a = ChatClient.withHeader(chat(meeting), TestTokens.person(alice));
                UnreadSocket slow = new UnreadSocket(chat(meeting), TestTokens.person(bob));
                ChatClient c = ChatClient.withHeader(chat(meeting), TestTokens.person(carol))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> rooms.in(meeting).size() == 3);
            String body = randomBase64(60_000);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int sent = 0;
            while (rooms.in(meeting).size() == 3 && System.nanoTime() < deadline) {
                String id = "big-" + sent++;
                a.send(Map.of("v", 1, "type", "text", "id", id, "body", body));
                // The room goes on at the pace of its readers
                JsonNode got;
                try {
                    got = c.next(f -> true);
                } catch (AssertionError e) {
                    throw new AssertionError("after " + sent + " frames; sender got " + a.received() + " / pending "
                            + rooms.in(meeting).stream().map(p -> p.pending.get()).toList(), e);
                }
                assertEquals(id, got.path("id").asText(), () -> got + " / sender got " + a.received()
                        + " / pending " + rooms.in(meeting).stream().map(p -> p.pending.get()).toList());
            }
            assertEquals(2, rooms.in(meeting).size(), "the slow connection is still open after " + sent + " frames");
            System.out.println("Slow consumer closed after " + sent + " frames of 80 KB");
            assertEquals(Rooms.TOO_SLOW, slow.drainToClose());
            a.send(Map.of("v", 1, "type", "text", "id", "after", "body", "x"));
            assertEquals("after", c.next("text").get("id").asText());
        }
    }

    @jakarta.inject.Inject
    Rooms rooms;

    @jakarta.inject.Inject
    io.huiketang.kit.auth.RevokedSessions revokedSessions;
}
