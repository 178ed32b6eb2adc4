package io.huiketang.account.verification;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.account.codes")
public interface VerificationCodesConfig {

    @WithDefault("PT5M")
    Duration lifetime();

    /** Wait before another code can be sent to the same number. */
    @WithDefault("PT60S")
    Duration resendAfter();

    @WithDefault("5")
    int maxAttempts();

    /** Codes sent to one number a day (UTC), against SMS pumping and harassment. */
    @WithDefault("10")
    int perNumberPerDay();

    /** Code requests per client address and hour, unless the address is in an enterprise network. */
    @WithDefault("30")
    int perIpPerHour();

    /** Code requests per device (the {@code deviceId} clients send) and hour. */
    @WithDefault("10")
    int perDevicePerHour();

    /**
     * Networks of enterprises whose people share a few public addresses (one NAT): each address in
     * them has its own, higher, hourly limit. Keyed by a name for the operator (e.g. the enterprise).
     */
    Map<String, EnterpriseNetwork> enterpriseNetworks();

    interface EnterpriseNetwork {

        /** IPv4 or IPv6 networks in CIDR notation, e.g. {@code 203.0.113.0/24}. */
        List<String> cidrs();

        /** Code requests per address of these networks and hour. */
        int perIpPerHour();
    }
}
