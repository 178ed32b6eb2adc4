package io.huiketang.meeting.meeting;

import static io.huiketang.meeting.support.Meetings.as;
import static io.huiketang.meeting.support.Meetings.createInstant;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.meeting.events.MeetingEvents;
import io.huiketang.meeting.support.MeetingEventLog;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Passcodes cannot be guessed (issue 11: 157 wrong passcodes, then the right one, in 3.2 s): 5 wrong
 * per caller and meeting, 50 per meeting, within 15 minutes; then joining is locked for 15 minutes,
 * right passcode or not, with a 429 problem, Retry-After and an event.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class PasscodeLockoutTest {

    private static final String PASSCODE = "246810";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RedisDataSource redis;

    @Test
    void theFifthWrongPasscodeLocksTheCallerOutEvenForTheRightOneWithRetryAfterAndAnEvent() {
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "防猜测", PASSCODE);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        UUID guessId = UUID.randomUUID();
        String guesser = TestTokens.person(guessId);
        try (TopicReader events = TopicReader.fromNow(MeetingEvents.TOPIC)) {
            for (int i = 0; i < 4; i++) {
                join(guesser, meeting, "00000" + i).then().statusCode(403).contentType("application/problem+json");
            }
            Response locked = join(guesser, meeting, "000004");
            locked.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429));
            long retryAfter = Long.parseLong(locked.header("Retry-After"));
            assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After within the 15-minute lockout: " + retryAfter);

            Response rightButLocked = join(guesser, meeting, PASSCODE);
            rightButLocked.then().statusCode(429).contentType("application/problem+json");
            assertTrue(Long.parseLong(rightButLocked.header("Retry-After")) > 0);

            List<ConsumedEvent> published = MeetingEventLog.of(events, dataSource, meetingId.toString());
            List<ConsumedEvent> locks = published.stream()
                    .filter(e -> e.type().equals(MeetingEvents.PASSCODE_LOCKED)).toList();
            assertEquals(1, locks.size(), "one lock, one event");
            JsonNode data = locks.get(0).data();
            assertEquals("CALLER", data.path("scope").asText());
            assertEquals(guessId.toString(), data.path("accountId").asText());
            assertEquals(meeting.getString("number"), data.path("number").asText());
            assertEquals(5, data.path("wrongAttempts").asInt());
            assertFalse(data.toString().contains("00000") || data.toString().contains(PASSCODE), "never a passcode");
        }
        // Every key has its expiry: the lock its lockout, the spent count is gone
        long lockMillis = redis.key().pttl(PasscodeAttempts.callerLock(meetingId, guessId));
        assertTrue(lockMillis > 0 && lockMillis <= 900_000, "the caller's lock expires: " + lockMillis);
        assertFalse(redis.key().exists(PasscodeAttempts.callerCount(meetingId, guessId)), "the spent count is gone");
        long meetingCountMillis = redis.key().pttl(PasscodeAttempts.meetingCount(meetingId));
        assertTrue(meetingCountMillis > 0 && meetingCountMillis <= 900_000, "the meeting's count expires");
    }

    @Test
    void otherCallersJoinUntilTheMeetingsLimitThenNobodyDoesAndTheMeetingLockIsPublished() {
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "多账号猜测", PASSCODE);
        String meetingId = meeting.getString("id");
        try (TopicReader events = TopicReader.fromNow(MeetingEvents.TOPIC)) {
            String first = TestTokens.person(UUID.randomUUID());
            wrongTimes(first, meeting, 5);
            join(first, meeting, PASSCODE).then().statusCode(429);
            join(TestTokens.person(UUID.randomUUID()), meeting, PASSCODE).then().statusCode(200);

            // 49 wrong passcodes in all, from ten accounts: each locked alone, the meeting still open
            for (int caller = 0; caller < 8; caller++) {
                wrongTimes(TestTokens.person(UUID.randomUUID()), meeting, 5);
            }
            UUID lastId = UUID.randomUUID();
            String last = TestTokens.person(lastId);
            for (int i = 0; i < 4; i++) {
                join(last, meeting, "13579" + i).then().statusCode(403);
            }
            join(TestTokens.person(UUID.randomUUID()), meeting, PASSCODE).then().statusCode(200);

            // The 50th locks the meeting for everyone
            join(last, meeting, "135799").then().statusCode(429);
            Response everyone = join(TestTokens.person(UUID.randomUUID()), meeting, PASSCODE);
            everyone.then().statusCode(429).contentType("application/problem+json");
            assertTrue(Long.parseLong(everyone.header("Retry-After")) > 0);

            List<JsonNode> locks = MeetingEventLog.of(events, dataSource, meetingId).stream()
                    .filter(e -> e.type().equals(MeetingEvents.PASSCODE_LOCKED)).map(ConsumedEvent::data).toList();
            assertEquals(10, locks.stream().filter(d -> d.path("scope").asText().equals("CALLER")).count());
            List<JsonNode> meetingLocks = locks.stream().filter(d -> d.path("scope").asText().equals("MEETING")).toList();
            assertEquals(1, meetingLocks.size());
            assertEquals(lastId.toString(), meetingLocks.get(0).path("accountId").asText());
            assertEquals(50, meetingLocks.get(0).path("wrongAttempts").asInt());
        }
    }

    @Test
    void theRightPasscodeResetsTheCallersCountAndAMissingOneIsNoGuess() {
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "输错后输对", PASSCODE);
        String guest = TestTokens.person(UUID.randomUUID());
        for (int i = 0; i < 6; i++) {
            as(guest).body(Map.of("number", meeting.getString("number"))).when().post("/api/v1/meetings/join")
                    .then().statusCode(403);
        }
        wrongTimes(guest, meeting, 4);
        join(guest, meeting, PASSCODE).then().statusCode(200);

        wrongTimes(guest, meeting, 4);
        join(guest, meeting, "999999").then().statusCode(429);
    }

    @Test
    void parallelGuessesGetNoMoreThanTheAllowedWrongAnswers() throws Exception {
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "并发猜测", PASSCODE);
        String guesser = TestTokens.person(UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> guesses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String guess = String.format("%06d", 100000 + i);
                guesses.add(() -> join(guesser, meeting, guess).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(guesses)) {
                statuses.add(answer.get());
            }
            assertEquals(4, statuses.stream().filter(s -> s == 403).count(),
                    "exactly four wrong passcodes answered as wrong: " + statuses);
            assertEquals(20, statuses.stream().filter(s -> s == 429).count(), "every other one locked: " + statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void wrongTimes(String token, JsonPath meeting, int times) {
        for (int i = 0; i < times; i++) {
            int status = join(token, meeting, "97531" + i).statusCode();
            assertEquals(i < times - 1 || times < 5 ? 403 : 429, status, "wrong passcode " + (i + 1));
        }
    }

    private static Response join(String token, JsonPath meeting, String passcode) {
        return as(token).body(Map.of("number", meeting.getString("number"), "passcode", passcode))
                .when().post("/api/v1/meetings/join");
    }
}
