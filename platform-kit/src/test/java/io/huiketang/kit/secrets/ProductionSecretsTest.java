package io.huiketang.kit.secrets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.ProfileConfig;
import io.smallrye.config.SmallRyeConfig;

/** Outside dev and test, platform-kit's secrets must come from the environment, never the built-in values. */
class ProductionSecretsTest {

    private static final String LOCAL_FIELD_KEY = "bG9jYWwtZGV2LWZpZWxkLWtleS1ub3QtZm9yLXByb2Q=";
    private static final String LOCAL_LOOKUP_KEY = "bG9jYWwtZGV2LWxvb2t1cGtleS1ub3QtZm9yLXByb2Q=";

    @Test
    void theProdProfileWithTheBuiltInKeysIsRefusedNamingEachSettingButNoValue() {
        SmallRyeConfig prod = ProfileConfig.load("prod", Map.of());
        assertEquals(LOCAL_FIELD_KEY, prod.getValue("huiketang.crypto.field-key", String.class),
                "without the environment the built-in key applies, which is what must be refused");

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ProductionSecrets.requireReal(prod));

        assertTrue(refused.getMessage().contains("huiketang.crypto.field-key (HUIKETANG_FIELD_KEY) still has the built-in"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("huiketang.crypto.lookup-key (HUIKETANG_LOOKUP_KEY) still has the built-in"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains(LOCAL_FIELD_KEY) || refused.getMessage().contains(LOCAL_LOOKUP_KEY),
                "never the value");
    }

    @Test
    void aBuiltInValueSetExplicitlyIsRefusedToo() {
        SmallRyeConfig prod = ProfileConfig.load("prod",
                Map.of("HUIKETANG_FIELD_KEY", LOCAL_FIELD_KEY, "HUIKETANG_LOOKUP_KEY", randomKey()));

        assertEquals(List.of("huiketang.crypto.field-key (HUIKETANG_FIELD_KEY) still has the built-in local development value"),
                ProductionSecrets.refusals(prod));
    }

    @Test
    void anEmptySecretIsRefusedAsNotSet() {
        // Quarkus' own variable for the property, set empty: the property then has no value at all
        SmallRyeConfig prod = ProfileConfig.load("prod", Map.of("HUIKETANG_CRYPTO_FIELD_KEY", "",
                "HUIKETANG_LOOKUP_KEY", randomKey()));

        assertEquals(List.of("huiketang.crypto.field-key (HUIKETANG_FIELD_KEY) is not set"),
                ProductionSecrets.refusals(prod));
    }

    @Test
    void realKeysFromTheEnvironmentAreAccepted() {
        SmallRyeConfig prod = ProfileConfig.load("prod",
                Map.of("HUIKETANG_FIELD_KEY", randomKey(), "HUIKETANG_LOOKUP_KEY", randomKey()));

        assertDoesNotThrow(() -> ProductionSecrets.requireReal(prod));
    }

    @Test
    void devAndTestRunWithTheBuiltInKeys() {
        for (String profile : List.of("dev", "test")) {
            SmallRyeConfig config = ProfileConfig.load(profile, Map.of());
            assertEquals(LOCAL_FIELD_KEY, config.getValue("huiketang.crypto.field-key", String.class));
            assertDoesNotThrow(() -> ProductionSecrets.requireReal(config), profile);
        }
    }

    @Test
    void anyOtherProfileIsProduction() {
        assertEquals(2, ProductionSecrets.refusals(ProfileConfig.load("staging", Map.of())).size());
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
