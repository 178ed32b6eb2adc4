package io.huiketang.kit.datamap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.datamap.DataMap.Column;
import io.huiketang.kit.datamap.DataMap.KeyedStore;
import io.huiketang.kit.datamap.DataMap.Retention;
import io.huiketang.kit.datamap.DataMap.Rule;
import io.huiketang.kit.datamap.DataMap.Table;

/**
 * docs/data-map.md, what the platform keeps about a person, why and for how long, is generated from
 * every service's data-map.yaml and platform-kit's shared tables, so it cannot drift from what the
 * services declare (and their tests prove). Regenerate:
 * ./mvnw -pl platform-kit test -Dtest=DataMapCatalogueTest -Dhuiketang.docs.write=true
 */
class DataMapCatalogueTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Path PAGE = REPOSITORY.resolve("docs/data-map.md");
    private static final Path SHARED = Path.of("src/main/resources/" + DataMaps.SHARED);

    @Test
    void pageMatchesTheMaps() throws IOException {
        String expected = page();
        if (Boolean.getBoolean("huiketang.docs.write")) {
            Files.writeString(PAGE, expected);
        }
        assertEquals(expected, Files.exists(PAGE) ? Files.readString(PAGE) : "",
                "docs/data-map.md is out of date: " + DataMapCatalogueTest.class.getSimpleName()
                        + "'s comment says how to regenerate it");
    }

    @Test
    void everyServiceMapIsValid() throws IOException {
        List<Path> maps = serviceMaps();
        assertTrue(maps.size() >= 2, "account-service and meeting-service have maps: " + maps);
        for (Path file : maps) {
            DataMap map = DataMaps.read(file).withShared(DataMaps.read(SHARED));
            assertEquals(List.of(), DataMapValidation.problems(map), file.toString());
        }
    }

    private static List<Path> serviceMaps() throws IOException {
        try (Stream<Path> modules = Files.list(REPOSITORY)) {
            return modules.map(m -> m.resolve("src/main/resources/" + DataMaps.SERVICE)).filter(Files::exists)
                    .sorted().toList();
        }
    }

    private static String page() throws IOException {
        StringBuilder md = new StringBuilder("""
                # What Huiketang keeps about you: the data map

                Generated from each service's `src/main/resources/data-map.yaml` and platform-kit's shared tables
                (`platform-kit/src/main/resources/%s`) by `DataMapCatalogueTest`; do not edit by hand.
                Each service's tests prove its map true: the database has exactly the declared columns, and for a
                seeded person the export shows every personal column and erasure does to each what is declared
                here. Retention rules are applied by platform-kit's retention runner (hourly, reported as
                `huiketang.platform.retention-purged.v1` events); data kept for an account's lifetime is removed
                by erasure (account cancellation) instead.

                Erasure actions: **delete** (the row goes), **anonymise** (the value is replaced, the row stays),
                **legal-hold** (kept until the legal minimum has passed, listed in the erasure receipt),
                **keep** (stays, for the stated reason). *Sensitive* marks sensitive personal information under
                PIPL art. 28 (minors' data, device identifiers, ...).

                Kafka topics are storage too: each map lists the topics its service writes, with the personal
                fields their events carry and how long Kafka keeps them (the topic's `retention.ms`, which
                `dev/kafka-topics.conf` sets; `TopicsDataMapTest` proves every topic created there is mapped once,
                with that retention).

                """.formatted(DataMaps.SHARED));
        List<DataMap> maps = new ArrayList<>();
        for (Path file : serviceMaps()) {
            maps.add(DataMaps.read(file));
        }
        maps.add(DataMaps.read(SHARED));
        for (DataMap map : maps) {
            md.append("## ").append(map.service()).append("\n\n");
            for (Table table : map.tables()) {
                md.append("### `").append(table.name()).append("`\n\n");
                md.append(table.purpose()).append(".\n\n");
                md.append("Kept: ").append(retention(table.retention())).append(".");
                if (!table.personalColumns().isEmpty()) {
                    md.append(" Erasure: ").append(table.erasure() == null ? "per column" : table.erasure().label());
                    if (table.holdReason() != null) {
                        md.append(" (").append(table.holdReason()).append(")");
                    }
                    md.append(".");
                }
                md.append("\n\n| column | personal | category | sensitive | purpose | erasure | in the export |\n")
                        .append("|---|---|---|---|---|---|---|\n");
                for (Column column : table.columns()) {
                    if (column.personal()) {
                        DataMap.Erasure erasure = table.erasureOf(column);
                        String action = erasure.label();
                        if (erasure == DataMap.Erasure.ANONYMISE) {
                            action += " (to " + (column.anonymisedTo() == null ? "NULL" : "`" + column.anonymisedTo() + "`") + ")";
                        } else if (erasure == DataMap.Erasure.KEEP) {
                            action += ": " + column.reason();
                        }
                        row(md, "`" + column.name() + "`", "yes", column.category(), column.sensitive() ? "yes" : "",
                                column.purpose() == null ? "" : column.purpose(), action, "`" + column.export() + "`");
                    } else {
                        row(md, "`" + column.name() + "`", "no", "", "", column.note() == null ? "" : column.note(), "",
                                "");
                    }
                }
                md.append("\n");
            }
            if (!map.redis().isEmpty()) {
                md.append("### Redis keys\n\n| key pattern | personal | category | purpose | retention | erasure |\n")
                        .append("|---|---|---|---|---|---|\n");
                for (KeyedStore key : map.redis()) {
                    row(md, "`" + key.pattern() + "`", key.personal() ? "yes" : "no",
                            key.category() == null ? "" : key.category(), key.purpose(), key.retention(),
                            key.erasure() == null ? "" : key.erasure());
                }
                md.append("\n");
            }
            if (!map.topics().isEmpty()) {
                md.append("### Kafka topics\n\n| topic | written by | personal fields of its events | purpose | retention |\n")
                        .append("|---|---|---|---|---|\n");
                for (DataMap.Topic topic : map.topics()) {
                    String fields = topic.personal() ? String.join(", ", topic.personalFields().stream()
                            .map(f -> "`" + f.field() + "` (" + f.category() + (f.note() == null ? "" : ": " + f.note())
                                    + ")")
                            .toList()) : "none";
                    row(md, "`" + topic.name() + "`", topic.owner() == null ? map.service() : topic.owner(), fields,
                            topic.purpose() + (topic.note() == null ? "" : " (" + topic.note() + ")"),
                            days(topic.retention()));
                }
                md.append("\n");
            }
            if (!map.objectStore().isEmpty()) {
                md.append("### Object store\n\n| prefix | personal | category | purpose | retention | erasure |\n")
                        .append("|---|---|---|---|---|---|\n");
                for (KeyedStore prefix : map.objectStore()) {
                    row(md, "`" + prefix.pattern() + "`", prefix.personal() ? "yes" : "no",
                            prefix.category() == null ? "" : prefix.category(), prefix.purpose(), prefix.retention(),
                            prefix.erasure() == null ? "" : prefix.erasure());
                }
                md.append("\n");
            }
        }
        return md.toString().stripTrailing() + "\n";
    }

    private static String retention(Retention retention) {
        List<String> parts = new ArrayList<>();
        if (retention.lifetime() != null) {
            parts.add(retention.lifetime());
        }
        for (Rule rule : retention.rules()) {
            String part = days(rule.duration()) + " after `" + rule.clock() + "`"
                    + (rule.where() == null ? "" : " where `" + rule.where() + "`")
                    + ", then " + (rule.action() == DataMap.Action.DELETE ? "deleted"
                            : "anonymised (" + String.join(", ", rule.set().keySet()) + ")")
                    + (rule.property() == null ? "" : " (configurable: `" + rule.property() + "`)");
            parts.add(part);
        }
        String text = String.join("; ", parts);
        if (retention.legalMinimum() != null) {
            text += "; legal minimum " + days(retention.legalMinimum());
        }
        return text;
    }

    private static String days(java.time.Duration duration) {
        return duration.toDays() > 0 && duration.toHours() % 24 == 0 ? duration.toDays() + " days" : duration.toString();
    }

    private static void row(StringBuilder md, String... cells) {
        md.append("|");
        for (String cell : cells) {
            md.append(" ").append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        md.append("\n");
    }
}
