package io.huiketang.account.verification;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.account.AccountProblems;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * One-time codes by SMS (or e-mail), kept in Redis with their lifetime: 6 digits, single use, a
 * bounded number of wrong tries, a pause before resending, and limits per number and per client
 * address. Keys hold the number's (or address's) keyed hash, never the number; the code itself is
 * stored hashed.
 */
@ApplicationScoped
public class VerificationCodes {

    private static final String PREFIX = "huiketang:account:";

    /** What the client is told after a code was (or, for an unknown number, seemingly was) sent. */
    public record Sent(long expiresInSeconds, long resendAfterSeconds) {
    }

    private final SecureRandom random = new SecureRandom();
    private final VerificationCodesConfig config;
    private final SensitiveFields sensitive;
    private final SmsSender sms;
    private final EmailSender mail;
    private final HashCommands<String, String, String> hashes;
    private final ValueCommands<String, Long> counters;
    private final ValueCommands<String, String> flags;
    private final KeyCommands<String> keys;

    VerificationCodes(VerificationCodesConfig config, SensitiveFields sensitive, SmsSender sms, EmailSender mail,
            RedisDataSource redis) {
        this.config = config;
        this.sensitive = sensitive;
        this.sms = sms;
        this.mail = mail;
        this.hashes = redis.hash(String.class);
        this.counters = redis.value(Long.class);
        this.flags = redis.value(String.class);
        this.keys = redis.key();
    }

    /** Sends a new code by SMS, unless the number or the client has asked too often (429 with Retry-After). */
    public Sent send(String e164, CodePurpose purpose, String clientIp) {
        String code = issue(e164, purpose, clientIp);
        sms.send(e164, "【会客厅】您的验证码是 " + code + "，" + config.lifetime().toMinutes() + " 分钟内有效。请勿告诉他人。");
        return new Sent(config.lifetime().toSeconds(), config.resendAfter().toSeconds());
    }

    /** Sends a new code by e-mail, with the same limits; {@link #verify} then takes the address. */
    public Sent sendByEmail(String email, CodePurpose purpose, String clientIp) {
        String code = issue(email, purpose, clientIp);
        mail.send(email, "会客厅验证码", "您的验证码是 " + code + "，" + config.lifetime().toMinutes()
                + " 分钟内有效。如非本人操作，请忽略本邮件。");
        return new Sent(config.lifetime().toSeconds(), config.resendAfter().toSeconds());
    }

    private String issue(String identifier, CodePurpose purpose, String clientIp) {
        String number = sensitive.lookupHash(identifier);
        String resendKey = PREFIX + "code-resend:" + purpose + ":" + number;
        if (!flags.setnx(resendKey, "1")) {
            long wait = Math.max(1, keys.ttl(resendKey));
            throw ProblemException.tooManyRequests("A code was sent to this number moments ago.", Duration.ofSeconds(wait));
        }
        keys.expire(resendKey, config.resendAfter());
        limit(PREFIX + "code-ip:" + clientIp + ":" + java.time.Instant.now().getEpochSecond() / 3600,
                config.perIpPerHour(), Duration.ofHours(1), "Too many codes requested from this address.");
        limit(PREFIX + "code-day:" + number + ":" + LocalDate.now(ZoneOffset.UTC), config.perNumberPerDay(),
                Duration.ofDays(1), "Too many codes requested for this number today.");

        String code = String.format("%06d", random.nextInt(1_000_000));
        String codeKey = codeKey(purpose, number);
        hashes.hset(codeKey, Map.of("code", hashOf(number, code), "attempts", "0"));
        keys.expire(codeKey, config.lifetime());
        return code;
    }

    /**
     * Accepts the code once; a wrong one counts against the allowed attempts.
     *
     * @param identifier the E.164 number (or e-mail address) the code was sent to
     */
    public void verify(String identifier, CodePurpose purpose, String code) {
        String number = sensitive.lookupHash(identifier);
        String codeKey = codeKey(purpose, number);
        Map<String, String> entry = hashes.hgetall(codeKey);
        if (entry == null || entry.isEmpty() || code == null) {
            throw AccountProblems.invalidCode();
        }
        boolean matches = MessageDigest.isEqual(entry.get("code").getBytes(StandardCharsets.UTF_8),
                hashOf(number, code).getBytes(StandardCharsets.UTF_8));
        if (!matches) {
            long attempts = hashes.hincrby(codeKey, "attempts", 1);
            if (attempts >= config.maxAttempts()) {
                keys.del(codeKey);
                throw AccountProblems.tooManyWrongCodes();
            }
            throw AccountProblems.invalidCode();
        }
        // Only the request that deletes the code may use it: two concurrent uses cannot both succeed
        if (keys.del(codeKey) != 1) {
            throw AccountProblems.invalidCode();
        }
    }

    private void limit(String key, int max, Duration window, String detail) {
        long count = counters.incr(key);
        if (count == 1) {
            keys.expire(key, window);
        }
        if (count > max) {
            throw ProblemException.tooManyRequests(detail, Duration.ofSeconds(Math.max(1, keys.ttl(key))));
        }
    }

    private String hashOf(String number, String code) {
        return sensitive.lookupHash(number + ":" + code);
    }

    private static String codeKey(CodePurpose purpose, String number) {
        return PREFIX + "code:" + purpose + ":" + number;
    }
}
