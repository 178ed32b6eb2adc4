package io.huiketang.kit.request;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits every service checks at the HTTP layer, answered with a problem. They sit below Netty's own
 * limits ({@code quarkus.http.limits.*}), which refuse without a body and so are only the backstop.
 */
@ConfigMapping(prefix = "huiketang.http")
public interface HttpEdgeConfig {

    /** The longest request target (path and query) accepted; longer is a 414 problem. */
    @WithDefault("4096")
    int maxRequestLine();

    /** The most bytes of header names and values together; more is a 431 problem. */
    @WithDefault("16384")
    int maxHeaderBytes();

    /** The most header fields; more is a 431 problem. */
    @WithDefault("100")
    int maxHeaders();
}
