package io.huiketang.systemtests.faults;

import io.huiketang.kit.claimcheck.ClaimCheckConfig;
import io.huiketang.kit.claimcheck.ClaimChecks;

/** platform-kit's claim-checks on the stack's S3 store, as the services use them, to read what they stored. */
final class StackClaimChecks {

    private StackClaimChecks() {
    }

    static ClaimChecks create() {
        return new ClaimChecks(new ClaimCheckConfig() {
            @Override
            public String endpoint() {
                return "http://127.0.0.1:" + env("HUIKETANG_S3_PORT", "8081");
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public String accessKey() {
                return env("HUIKETANG_S3_ACCESS_KEY", "huiketang");
            }

            @Override
            public String secretKey() {
                return env("HUIKETANG_S3_SECRET_KEY", "huiketang-secret");
            }

            @Override
            public String bucket() {
                return env("HUIKETANG_CLAIM_CHECK_BUCKET", "huiketang-claims");
            }
        });
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
