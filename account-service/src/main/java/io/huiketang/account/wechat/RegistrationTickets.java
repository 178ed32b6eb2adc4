package io.huiketang.account.wechat;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.crypto.SensitiveFields;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * Short-lived opaque tickets for WeChat users who still have to bind a mobile number. Redis holds
 * the WeChat profile encrypted, under the ticket's keyed hash; the client holds only the ticket.
 */
@ApplicationScoped
class RegistrationTickets {

    private static final String PREFIX = "huiketang:account:wechat-ticket:";

    private final SecureRandom random = new SecureRandom();
    private final WeChatConfig config;
    private final SensitiveFields sensitive;
    private final ObjectMapper json;
    private final ValueCommands<String, String> values;
    private final KeyCommands<String> keys;

    RegistrationTickets(WeChatConfig config, SensitiveFields sensitive, ObjectMapper json, RedisDataSource redis) {
        this.config = config;
        this.sensitive = sensitive;
        this.json = json;
        this.values = redis.value(String.class);
        this.keys = redis.key();
    }

    String issue(WeChatProfile profile) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            values.setex(key(ticket), config.registrationTicketLifetime().toSeconds(),
                    sensitive.encrypt(json.writeValueAsString(profile)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return ticket;
    }

    /** The profile the ticket holds; the ticket stays valid (a wrong SMS code may be retried). */
    WeChatProfile profile(String ticket) {
        String sealed = values.get(key(ticket));
        if (sealed == null) {
            throw WeChatProblems.unknownTicket();
        }
        try {
            return json.readValue(sensitive.decrypt(sealed), WeChatProfile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uses the ticket up: only the request that deletes it may register with it. */
    void spend(String ticket) {
        if (keys.del(key(ticket)) != 1) {
            throw WeChatProblems.unknownTicket();
        }
    }

    private String key(String ticket) {
        return PREFIX + sensitive.lookupHash(ticket);
    }
}
