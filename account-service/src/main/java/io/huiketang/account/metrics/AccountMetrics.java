package io.huiketang.account.metrics;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.account.verification.CodePurpose;
import io.huiketang.kit.metrics.CommittedCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The business metrics ops teams watch on account-service (k8s/ dashboards and metrics inventory):
 * registrations by channel, logins (sessions opened) by method, SMS codes sent by purpose and refused
 * by the limit that refused them. A registration or login counts once its transaction commits; labels
 * are channels, methods, purposes and limits only, never anything about a person.
 */
@ApplicationScoped
@Startup
public class AccountMetrics {

    public static final String SMS = "sms";
    public static final String EMAIL = "email";

    static final String REGISTRATIONS = "huiketang.registrations";
    static final String LOGINS = "huiketang.logins";
    static final String SMS_SENT = "huiketang.sms.codes.sent";
    static final String SMS_REFUSED = "huiketang.sms.codes.refused";

    /** The limits of VerificationCodes, by the kind of their Redis key (code-ip, code-device, ...). */
    static final List<String> LIMITS = List.of("ip", "device", "day", "resend");

    private final MeterRegistry registry;
    private final CommittedCounts committed;

    AccountMetrics(MeterRegistry registry, CommittedCounts committed) {
        this.registry = registry;
        this.committed = committed;
        // Exported from the start, at zero: a rate over a series that appears only with its first event
        // misses that event, and the dashboards show 0 rather than "no data"
        for (String via : List.of("PHONE", "WECHAT", "SSO")) {
            registrations(via);
        }
        for (String method : List.of("PHONE", "WECHAT", "SSO")) {
            logins(method);
        }
        for (CodePurpose purpose : CodePurpose.values()) {
            smsSent(purpose);
        }
        for (String limit : LIMITS) {
            smsRefused(limit);
        }
    }

    /** An account was created (PHONE, WECHAT, or SSO for just-in-time provisioning), counted at commit. */
    public void registered(String via) {
        afterCommit(registrations(via));
    }

    /** A session was opened for a person who proved who they are, counted at commit. */
    public void loggedIn(String authMethod) {
        afterCommit(logins(authMethod));
    }

    public void smsCodeSent(CodePurpose purpose) {
        smsSent(purpose).increment();
    }

    /** A code request refused by a limit ({@code limitKey}: code-ip, code-device, code-day, code-resend). */
    public void codeRefused(String channel, String limitKey) {
        if (SMS.equals(channel)) {
            smsRefused(limitKey.startsWith("code-") ? limitKey.substring(5) : limitKey).increment();
        }
    }

    private void afterCommit(Counter counter) {
        committed.increment(counter);
    }

    private Counter registrations(String via) {
        return Counter.builder(REGISTRATIONS).description("Accounts created, by channel").tag("via", via).register(registry);
    }

    private Counter logins(String method) {
        return Counter.builder(LOGINS).description("Sessions opened after a proof of identity, by method")
                .tag("method", method).register(registry);
    }

    private Counter smsSent(CodePurpose purpose) {
        return Counter.builder(SMS_SENT).description("One-time codes sent by SMS, by purpose")
                .tag("purpose", purpose.name().toLowerCase()).register(registry);
    }

    private Counter smsRefused(String limit) {
        return Counter.builder(SMS_REFUSED).description("SMS code requests refused, by the limit that refused them")
                .tag("limit", limit).register(registry);
    }
}
