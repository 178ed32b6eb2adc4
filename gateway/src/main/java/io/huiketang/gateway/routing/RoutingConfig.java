package io.huiketang.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where each public path goes, and what each route allows (timeouts, body sizes, rate-limit class). */
@ConfigMapping(prefix = "huiketang.gateway.routing")
public interface RoutingConfig {

    /** The services behind the gateway, by name. */
    Map<String, Upstream> upstreams();

    /** The routes, by name; a path belongs to the route with the most specific matching pattern. */
    Map<String, Route> routes();

    /** Paths callable without a token: {@code [METHOD ]pattern}, e.g. {@code POST /api/v1/accounts/logins}. */
    List<String> publicPaths();

    interface Upstream {
        /** Base URL, e.g. http://127.0.0.1:8101. */
        String url();

        /** The service's name as people know it, e.g. account-service. */
        String title();

        @WithDefault("PT2S")
        Duration connectTimeout();

        /**
         * The service's management interface (health, metrics, its API description), e.g.
         * http://127.0.0.1:9101: never routed, only asked for the API description.
         */
        Optional<String> managementUrl();

        /** Where on the management interface the service describes its API; empty for a service without one. */
        @WithDefault("/q/openapi")
        Optional<String> openapiPath();
    }

    interface Route {
        /** Patterns: {@code *} is one path segment, a trailing {@code /**} any number of them. */
        List<String> paths();

        /** Name of the upstream in {@link #upstreams()}. */
        String upstream();

        /** Longest wait for the upstream's next byte (its answer, or the next piece of it). */
        @WithDefault("PT30S")
        Duration timeout();

        @WithDefault("1M")
        MemorySize maxBodySize();

        /** The rate-limit class (huiketang.gateway.rate-limit.classes.<name>). */
        @WithDefault("default")
        String rateLimit();

        /** Whether WebSocket upgrades are passed through to the upstream. */
        @WithDefault("false")
        boolean websocket();

        /**
         * Whether the staff realm's tokens (operators, auditors) are accepted on this route besides the
         * platform's; on every other route a staff token is refused here, before it reaches a service.
         */
        @WithDefault("false")
        boolean staff();
    }
}
