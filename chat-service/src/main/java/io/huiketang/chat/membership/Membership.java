package io.huiketang.chat.membership;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.chat.ChatConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Who is in which meeting now, as meeting-service's events say: the read model chat-service keeps,
 * in Redis only. Every update is a set add or remove keyed by meeting and account, so an event
 * applied twice changes nothing, and every key expires ({@link ChatConfig#membershipTtl()}).
 * <ul>
 * <li>{@code huiketang:chat:sessions:{<meeting>}:<account>}: the account's open attendance sessions;
 * present while the account is a participant (a set without members is no key)</li>
 * <li>{@code huiketang:chat:participants:{<meeting>}}: the accounts with sessions, to clear at the end</li>
 * <li>{@code huiketang:chat:ended:{<meeting>}}: the meeting ended; a late join adds no one</li>
 * </ul>
 */
@ApplicationScoped
public class Membership {

    static final String PREFIX = "huiketang:chat:";

    private static final String JOIN = "if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end "
            + "redis.call('SADD', KEYS[1], ARGV[1]) redis.call('PEXPIRE', KEYS[1], ARGV[3]) "
            + "redis.call('SADD', KEYS[2], ARGV[2]) redis.call('PEXPIRE', KEYS[2], ARGV[3]) return 1";

    // 1 when the account has no session left in the meeting (it is no longer a participant)
    private static final String LEAVE = "redis.call('SREM', KEYS[1], ARGV[1]) "
            + "if redis.call('SCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) return 1 end return 0";

    private static final String END = "local accounts = redis.call('SMEMBERS', KEYS[1]) "
            + "for _, account in ipairs(accounts) do redis.call('DEL', ARGV[1] .. account) end "
            + "redis.call('DEL', KEYS[1]) redis.call('SET', KEYS[2], '1', 'PX', ARGV[2]) return #accounts";

    private final ReactiveRedisDataSource redis;
    private final ChatConfig config;

    Membership(ReactiveRedisDataSource redis, ChatConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Whether the account has an open attendance session in the meeting (and the meeting has not ended). */
    public Uni<Boolean> isParticipant(UUID meetingId, UUID accountId) {
        return redis.key().exists(sessionsKey(meetingId, accountId.toString()));
    }

    /** An attendance session opened; false when the meeting had already ended. */
    public Uni<Boolean> joined(UUID meetingId, UUID accountId, UUID sessionId) {
        return redis.execute("EVAL", JOIN, "3", sessionsKey(meetingId, accountId.toString()), participantsKey(meetingId),
                endedKey(meetingId), sessionId.toString(), accountId.toString(),
                Long.toString(config.membershipTtl().toMillis()))
                .map(result -> result.toInteger() == 1);
    }

    /** An attendance session closed; true when the account has none left there (it left the meeting). */
    public Uni<Boolean> left(UUID meetingId, UUID accountId, UUID sessionId) {
        return redis.execute("EVAL", LEAVE, "2", sessionsKey(meetingId, accountId.toString()), participantsKey(meetingId),
                sessionId.toString(), accountId.toString())
                .map(result -> result.toInteger() == 1);
    }

    /** The meeting ended: nobody is a participant any more, and a late join adds nobody. */
    public Uni<Void> ended(UUID meetingId) {
        return redis.execute("EVAL", END, "2", participantsKey(meetingId), endedKey(meetingId),
                sessionsKey(meetingId, ""), Long.toString(config.membershipTtl().toMillis()))
                .replaceWithVoid();
    }

    static String sessionsKey(UUID meetingId, String accountId) {
        return PREFIX + "sessions:{" + meetingId + "}:" + accountId;
    }

    static String participantsKey(UUID meetingId) {
        return PREFIX + "participants:{" + meetingId + "}";
    }

    static String endedKey(UUID meetingId) {
        return PREFIX + "ended:{" + meetingId + "}";
    }
}
