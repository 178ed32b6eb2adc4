package io.huiketang.kit.claimcheck;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where claim-checked payloads are kept: an S3-compatible store (s3proxy under dev/stack). */
@ConfigMapping(prefix = "huiketang.claim-check")
public interface ClaimCheckConfig {

    /** The store's address; path-style requests. */
    String endpoint();

    @WithDefault("us-east-1")
    String region();

    String accessKey();

    String secretKey();

    /** Created on first use when missing. */
    @WithDefault("huiketang-claims")
    String bucket();
}
