package io.huiketang.kit.datamap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A data map is refused when a personal column lacks what the policy promises to state about it. */
class DataMapValidationTest {

    private static final String VALID = """
            service: s
            eventsTopic: s.events
            tables:
              - name: visit
                purpose: the network log (MTG-3)
                subject: account_id
                erasure: legal-hold
                holdReason: network log
                retention:
                  legalMinimum: P180D
                  rules:
                    - {name: log, duration: P180D, clock: visited_at}
                columns:
                  - {name: id, personal: false}
                  - {name: account_id, personal: true, category: identifier, export: \"visits[].accountId\"}
                  - {name: ip, personal: true, category: network-log, export: \"visits[].ip\"}
                  - {name: visited_at, personal: true, category: network-log, export: \"visits[].at\"}
            redis:
              - {pattern: "s:code:*", personal: true, category: credential, purpose: login, retention: PT5M, erasure: expires}
            """;

    @Test
    void aCompleteMapIsValid() {
        assertEquals(List.of(), DataMapValidation.problems(map(VALID)));
    }

    @Test
    void aPersonalColumnNeedsCategoryPurposeErasureAndExport() {
        String yaml = VALID.replace("{name: ip, personal: true, category: network-log, export: \"visits[].ip\"}",
                "{name: ip, personal: true}").replace("purpose: the network log (MTG-3)", "purpose: ''")
                .replace("    erasure: legal-hold\n", "");
        List<String> problems = DataMapValidation.problems(map(yaml));
        assertTrue(problems.contains("visit.ip: personal, but no category"), problems.toString());
        assertTrue(problems.contains("visit.ip: personal, but no purpose"), problems.toString());
        assertTrue(problems.contains("visit.ip: personal, but no erasure action"), problems.toString());
        assertTrue(problems.contains("visit.ip: personal, but the map does not say where the export shows it"),
                problems.toString());
    }

    @Test
    void aTopicNeedsAPurposeARetentionAndACategoryForEachPersonalField() {
        String topics = """
                topics:
                  - name: s.events
                    purpose: what s did
                    retention: P7D
                    personalFields:
                      - {field: accountId, category: identifier}
                  - name: s.events
                    purpose: ''
                    personalFields:
                      - {field: email, category: mailbox}
                """;
        List<String> problems = DataMapValidation.problems(map(VALID + topics));
        assertEquals(List.of("topic s.events: no purpose", "topic s.events: no positive retention (the topic's retention.ms)",
                "topic s.events field email: no category among " + DataMapValidation.CATEGORIES,
                "topic s.events is declared twice"), problems);
        assertEquals(List.of(), DataMapValidation.problems(map(VALID + topics.substring(0, topics.indexOf("  - name: s.events\n    purpose: ''")))));
    }

    @Test
    void aNetworkLogIsNeverPurgedBeforeItsLegalMinimum() {
        List<String> problems = DataMapValidation.problems(map(VALID.replace("duration: P180D", "duration: P179D")));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("network logs must be kept at least 180 days"), problems.get(0));

        List<String> noMinimum = DataMapValidation.problems(map(VALID.replace("      legalMinimum: P180D\n", "")
                .replace("erasure: legal-hold", "erasure: delete")));
        assertTrue(noMinimum.stream().anyMatch(p -> p.contains("a network log needs a legal minimum of at least 180 days")),
                noMinimum.toString());
    }

    @Test
    void aLegalMinimumLongerThanTheRetentionIsRefused() {
        List<String> problems = DataMapValidation.problems(map(VALID.replace("legalMinimum: P180D", "legalMinimum: P365D")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("less than the legal minimum PT8760H")), problems.toString());
    }

    @Test
    void keepingAValueThroughErasureNeedsAReason() {
        List<String> problems = DataMapValidation.problems(map(VALID.replace(
                "{name: account_id, personal: true,", "{name: account_id, personal: true, erasure: keep,")));
        assertEquals(List.of("visit.account_id: kept through erasure without a reason"), problems);
    }

    @Test
    void anUnknownCategoryOrFieldIsRefused() {
        assertTrue(DataMapValidation.problems(map(VALID.replace("category: identifier", "category: misc"))).get(0)
                .contains("category 'misc' is not one of"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> map(VALID.replace("holdReason:", "holdReasons:")));
        assertTrue(e.getMessage().contains("holdReasons"), e.getMessage());
    }

    private static DataMap map(String yaml) {
        return DataMaps.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
