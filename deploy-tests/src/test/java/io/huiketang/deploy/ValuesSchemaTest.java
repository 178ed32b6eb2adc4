package io.huiketang.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * values.schema.json refuses what values.yaml does not have and wrong types, at install time: each file
 * of src/test/resources/bad-values is one mistake, and Helm must refuse it naming the offending key.
 */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "unknown-root-key.yaml, replicaCount",
            "misspelt-nested-key.yaml, limit",
            "wrong-type.yaml, replicas",
            "latest-tag.yaml, tag",
            "unknown-mode.yaml, mode",
            "unknown-setting.yaml, HUIKETANG_POLICY_VERISON",
            "port-as-string.yaml, port",
            "peer-not-a-component.yaml, peers",
    })
    void helmRefusesABadValuesFile(String file, String offendingKey) {
        Path values = Path.of("src/test/resources/bad-values", file).toAbsolutePath();
        Chart.Variant variant = new Chart.Variant(file, Map.of(), List.of(values));
        Exception refused = assertThrows(Exception.class, () -> Chart.template(variant));
        String message = refused.getMessage();
        assertTrue(message.contains("values don't meet the specifications of the schema"), message);
        assertTrue(message.contains(offendingKey), () -> "names " + offendingKey + ": " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "tls.kafka.enabled=true, platform-kit's own Kafka clients",
            "tls.services.enabled=true, tls.services.trustStoreSecret",
            "secrets.create=true, platformSecret.fieldKey",
    })
    void helmRefusesACombinationThePlatformCannotRun(String set, String reason) {
        String[] kv = set.split("=", 2);
        Chart.Variant variant = Chart.Variant.of(set, kv[0], kv[1]);
        Exception refused = assertThrows(Exception.class, () -> Chart.template(variant));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
        assertFalse(refused.getMessage().contains("schema"), "refused by the chart, not the schema");
    }
}
