package io.huiketang.meeting.meeting;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.meeting.events.MeetingEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;

/**
 * Wrong passcodes counted per caller and meeting, and per meeting, in Redis, with a lockout when
 * either reaches its limit (issue 11). Each outcome is decided by one script, which reads the
 * locks and counts in the same step: of any number of parallel guesses exactly the allowed number
 * is counted, and every other answer is the lock, whether its passcode was right or not, so a
 * locked caller learns nothing. Every key is written with its expiry in that script.
 *
 * <p>Keys: {@code huiketang:meeting:passcode:{<meeting id>}:wrong} and {@code :locked} for the
 * meeting, with {@code :<account id>} appended for one caller (the braces keep a meeting's keys in
 * one Redis Cluster slot).
 */
@ApplicationScoped
public class PasscodeAttempts {

    static final String PREFIX = "huiketang:meeting:passcode:";

    /*
     * KEYS: caller lock, meeting lock, caller count, meeting count. ARGV: window ms, lockout ms,
     * caller limit, meeting limit. Locked: {1, ms left}. Otherwise the wrong try is counted (the
     * count expires with its window) and a count at its limit becomes a lock: {0, ms left,
     * caller lock started, meeting lock started}.
     */
    private static final String WRONG = """
            local left = math.max(redis.call('PTTL', KEYS[1]), redis.call('PTTL', KEYS[2]))
            if left > 0 then return {1, left} end
            local function count(key)
              local c = redis.call('INCR', key)
              if c == 1 or redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[1]) end
              return c
            end
            local caller = count(KEYS[3])
            local meeting = count(KEYS[4])
            local callerLocked, meetingLocked = 0, 0
            if caller >= tonumber(ARGV[3]) then
              redis.call('SET', KEYS[1], '1', 'PX', ARGV[2]) redis.call('DEL', KEYS[3]) callerLocked = 1
            end
            if meeting >= tonumber(ARGV[4]) then
              redis.call('SET', KEYS[2], '1', 'PX', ARGV[2]) redis.call('DEL', KEYS[4]) meetingLocked = 1
            end
            if callerLocked + meetingLocked > 0 then return {0, tonumber(ARGV[2]), callerLocked, meetingLocked} end
            return {0, 0, 0, 0}
            """;

    /* KEYS: caller lock, meeting lock, caller count. Locked: {1, ms left}; else the caller's count is reset: {0}. */
    private static final String RIGHT = """
            local left = math.max(redis.call('PTTL', KEYS[1]), redis.call('PTTL', KEYS[2]))
            if left > 0 then return {1, left} end
            redis.call('DEL', KEYS[3])
            return {0}
            """;

    /** Who a lock keeps out: one caller, or everyone. */
    public enum Scope {
        CALLER, MEETING
    }

    private final RedisDataSource redis;
    private final PasscodeAttemptsConfig config;
    private final Outbox outbox;

    PasscodeAttempts(RedisDataSource redis, PasscodeAttemptsConfig config, Outbox outbox) {
        this.redis = redis;
        this.config = config;
        this.outbox = outbox;
    }

    /**
     * Admits the caller whose passcode was right, unless the caller or the meeting is locked, and
     * resets the caller's count of wrong ones.
     *
     * @throws ProblemException 429 with Retry-After while locked
     */
    public void right(Meeting meeting, UUID caller) {
        Response answer = redis.execute(Command.EVAL, RIGHT, "3", callerLock(meeting.id, caller),
                meetingLock(meeting.id), callerCount(meeting.id, caller));
        if (answer.get(0).toInteger() == 1) {
            throw locked(answer.get(1).toLong());
        }
    }

    /**
     * Counts a wrong passcode; the one that reaches a limit starts a lock (and its event).
     *
     * @return the problem to answer: 403 for a wrong passcode, 429 with Retry-After when locked
     */
    public ProblemException wrong(Meeting meeting, UUID caller) {
        Response answer = redis.execute(Command.EVAL, WRONG, "4", callerLock(meeting.id, caller),
                meetingLock(meeting.id), callerCount(meeting.id, caller), meetingCount(meeting.id),
                Long.toString(config.window().toMillis()), Long.toString(config.lockout().toMillis()),
                Integer.toString(config.maxWrongPerCaller()), Integer.toString(config.maxWrongPerMeeting()));
        long left = answer.get(1).toLong();
        if (answer.get(0).toInteger() == 1) {
            return locked(left);
        }
        if (left == 0) {
            return ProblemException.forbidden("The passcode is wrong.");
        }
        Instant now = Instant.now();
        Instant until = now.plusMillis(left);
        if (answer.get(2).toInteger() == 1) {
            published(meeting, Scope.CALLER, caller, config.maxWrongPerCaller(), now, until);
        }
        if (answer.get(3).toInteger() == 1) {
            published(meeting, Scope.MEETING, caller, config.maxWrongPerMeeting(), now, until);
        }
        return locked(left);
    }

    /*
     * In a transaction of its own: the join that found the wrong passcode rolls back, and the
     * event of the lock it started must not go with it.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void published(Meeting meeting, Scope scope, UUID caller, int wrongAttempts, Instant at, Instant until) {
        outbox.publish(MeetingEvents.TOPIC, "meeting", meeting.id.toString(), MeetingEvents.PASSCODE_LOCKED,
                new MeetingEvents.PasscodeLocked(meeting.id.toString(), meeting.number, scope.name(),
                        caller.toString(), wrongAttempts, config.window().toString(), at.toString(),
                        until.toString()));
    }

    private ProblemException locked(long millisLeft) {
        return ProblemException.tooManyRequests(
                "Too many wrong passcodes for this meeting: joining it is locked for now; try again later.",
                Duration.ofMillis(Math.max(1, millisLeft)));
    }

    static String meetingCount(UUID meetingId) {
        return PREFIX + "{" + meetingId + "}:wrong";
    }

    static String callerCount(UUID meetingId, UUID caller) {
        return meetingCount(meetingId) + ":" + caller;
    }

    static String meetingLock(UUID meetingId) {
        return PREFIX + "{" + meetingId + "}:locked";
    }

    static String callerLock(UUID meetingId, UUID caller) {
        return meetingLock(meetingId) + ":" + caller;
    }
}
