package io.huiketang.account.verification;

import io.huiketang.account.metrics.AccountMetrics;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.account.AccountProblems;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;

/**
 * One-time codes by SMS (or e-mail), kept in Redis with their lifetime: 6 digits, single use, a
 * bounded number of wrong tries, a pause before resending, and limits per number, per client
 * address (raised for enterprise networks) and per device. Keys hold the number's, address's or
 * device's keyed hash, never the value; the code itself is stored hashed.
 *
 * <p>No request can spend someone else's allowance: the caller's own limits (address, device) are
 * counted first, then the number's daily cap is read, and only a request that passed them all
 * takes the number's resend pause ({@code SET NX EX}, one command) and counts a code against the
 * number. Every key is written with its expiry in the same command or script.
 */
@ApplicationScoped
public class VerificationCodes {

    private static final String PREFIX = "huiketang:account:";
    /** INCR with the window's expiry, atomically; a counter left without one (older versions) gets it too. */
    private static final String COUNT = "local c = redis.call('INCR', KEYS[1]) "
            + "if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return c";
    private static final String STORE_CODE = "redis.call('DEL', KEYS[1]) "
            + "redis.call('HSET', KEYS[1], 'code', ARGV[1], 'attempts', '0') redis.call('EXPIRE', KEYS[1], ARGV[2])";
    /** A wrong try counts only against a code that still exists (never recreates an expired one without expiry). */
    private static final String WRONG_TRY = "if redis.call('EXISTS', KEYS[1]) == 1 then "
            + "return redis.call('HINCRBY', KEYS[1], 'attempts', 1) else return -1 end";

    /** What the client is told after a code was (or, for an unknown number, seemingly was) sent. */
    public record Sent(long expiresInSeconds, long resendAfterSeconds) {
    }

    private final SecureRandom random = new SecureRandom();
    private final VerificationCodesConfig config;
    private final List<Network> networks;
    private final SensitiveFields sensitive;
    private final SmsSender sms;
    private final EmailSender mail;
    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;
    private final ValueCommands<String, Long> counters;
    private final KeyCommands<String> keys;

    private record Network(Cidr cidr, int perIpPerHour) {
    }

    private final AccountMetrics metrics;

    VerificationCodes(VerificationCodesConfig config, SensitiveFields sensitive, SmsSender sms, EmailSender mail,
            RedisDataSource redis, AccountMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.networks = config.enterpriseNetworks().values().stream()
                .flatMap(n -> n.cidrs().stream().map(c -> new Network(Cidr.parse(c), n.perIpPerHour()))).toList();
        this.sensitive = sensitive;
        this.sms = sms;
        this.mail = mail;
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
    }

    /** Sends a new code by SMS, unless the number or the client has asked too often (429 with Retry-After). */
    public Sent send(String e164, CodePurpose purpose, CodeRequester requester) {
        String code = issue(e164, purpose, requester, AccountMetrics.SMS);
        sms.send(e164, "【会客厅】您的验证码是 " + code + "，" + config.lifetime().toMinutes() + " 分钟内有效。请勿告诉他人。");
        metrics.smsCodeSent(purpose);
        return new Sent(config.lifetime().toSeconds(), config.resendAfter().toSeconds());
    }

    public Sent send(String e164, CodePurpose purpose, String clientIp) {
        return send(e164, purpose, CodeRequester.fromAddress(clientIp));
    }

    /**
     * Sends a code for one claim to a number on someone else's record (an enterprise's contact at
     * the registry): the code, the resend pause and the daily cap are the claim's own, so one
     * claimant's requests never pause, use up or replace another's; the caller's limits apply as usual.
     */
    public Sent sendForClaim(String e164, String claim, CodePurpose purpose, CodeRequester requester) {
        String code = issue(e164 + "#" + claim, purpose, requester, AccountMetrics.SMS);
        sms.send(e164, "【会客厅】有企业申请认证贵单位的统一社会信用代码，验证码 " + code + "，"
                + config.lifetime().toMinutes() + " 分钟内有效。如非贵单位申请，请勿告诉他人。");
        metrics.smsCodeSent(purpose);
        return new Sent(config.lifetime().toSeconds(), config.resendAfter().toSeconds());
    }

    /** Accepts a code sent by {@link #sendForClaim} for this claim only. */
    public void verifyForClaim(String e164, String claim, CodePurpose purpose, String code) {
        verify(e164 + "#" + claim, purpose, code);
    }

    /** Sends a new code by e-mail, with the same limits; {@link #verify} then takes the address. */
    public Sent sendByEmail(String email, CodePurpose purpose, String clientIp) {
        String code = issue(email, purpose, CodeRequester.fromAddress(clientIp), AccountMetrics.EMAIL);
        mail.send(email, "会客厅验证码", "您的验证码是 " + code + "，" + config.lifetime().toMinutes()
                + " 分钟内有效。如非本人操作，请忽略本邮件。");
        return new Sent(config.lifetime().toSeconds(), config.resendAfter().toSeconds());
    }

    private String issue(String identifier, CodePurpose purpose, CodeRequester requester, String channel) {
        long hour = Instant.now().getEpochSecond() / 3600;
        count(PREFIX + "code-ip:" + sensitive.lookupHash("address:" + requester.address()) + ":" + hour,
                perIpPerHour(requester.address()), Duration.ofHours(1), "Too many codes requested from this address.", channel);
        if (requester.deviceId() != null) {
            String device = sensitive.lookupHash("device:" + requester.deviceId().toLowerCase(Locale.ROOT));
            count(PREFIX + "code-device:" + device + ":" + hour, config.perDevicePerHour(), Duration.ofHours(1),
                    "Too many codes requested from this device.", channel);
        }
        String number = sensitive.lookupHash(identifier);
        String dayKey = PREFIX + "code-day:" + number + ":" + LocalDate.now(ZoneOffset.UTC);
        Long sentToday = counters.get(dayKey);
        if (sentToday != null && sentToday >= config.perNumberPerDay()) {
            throw tooMany("Too many codes requested for this number today.", dayKey, channel);
        }
        String resendKey = PREFIX + "code-resend:" + purpose + ":" + number;
        Response locked = redis.execute(Command.SET, resendKey, "1", "NX", "PX",
                Long.toString(config.resendAfter().toMillis()));
        if (locked == null) {
            if (keys.ttl(resendKey) == -1) {
                keys.expire(resendKey, config.resendAfter());
            }
            throw tooMany("A code was sent to this number moments ago.", resendKey, channel);
        }
        redis.execute(Command.EVAL, COUNT, "1", dayKey, Long.toString(Duration.ofDays(1).toSeconds()));

        String code = String.format("%06d", random.nextInt(1_000_000));
        redis.execute(Command.EVAL, STORE_CODE, "1", codeKey(purpose, number), hashOf(number, code),
                Long.toString(config.lifetime().toSeconds()));
        return code;
    }

    private int perIpPerHour(String address) {
        for (Network network : networks) {
            if (network.cidr().contains(address)) {
                return network.perIpPerHour();
            }
        }
        return config.perIpPerHour();
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
        if (entry == null || entry.get("code") == null || code == null) {
            throw AccountProblems.invalidCode();
        }
        boolean matches = MessageDigest.isEqual(entry.get("code").getBytes(StandardCharsets.UTF_8),
                hashOf(number, code).getBytes(StandardCharsets.UTF_8));
        if (!matches) {
            long attempts = redis.execute(Command.EVAL, WRONG_TRY, "1", codeKey).toLong();
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

    private void count(String key, int max, Duration window, String detail, String channel) {
        long count = redis.execute(Command.EVAL, COUNT, "1", key, Long.toString(window.toSeconds())).toLong();
        if (count > max) {
            throw tooMany(detail, key, channel);
        }
    }

    /** The refusal, counted by the limit that refused (the key's kind: address, device, daily, resend). */
    private ProblemException tooMany(String detail, String key, String channel) {
        String limit = key.substring(PREFIX.length(), key.indexOf(':', PREFIX.length()));
        metrics.codeRefused(channel, limit);
        return ProblemException.tooManyRequests(detail, Duration.ofSeconds(Math.max(1, keys.ttl(key))));
    }

    private String hashOf(String number, String code) {
        return sensitive.lookupHash(number + ":" + code);
    }

    private static String codeKey(CodePurpose purpose, String number) {
        return PREFIX + "code:" + purpose + ":" + number;
    }
}
