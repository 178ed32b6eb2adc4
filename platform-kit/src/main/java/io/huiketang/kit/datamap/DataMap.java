package io.huiketang.kit.datamap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What one service stores, as its {@code data-map.yaml} declares it (merged with platform-kit's own
 * tables): every table and column, Redis key pattern and object-store prefix; for each, whether it is
 * personal data, its category, whether it is sensitive under PIPL, the purpose (the policy clause it
 * serves), the retention and the erasure action. {@link DataMapValidation} checks the map itself;
 * {@link RetentionRunner} purges by it; the test-jar's {@code DataMapAssertions} prove it matches the
 * database and that export and erasure cover it.
 *
 * @param service     the service, as {@code quarkus.application.name}
 * @param eventsTopic where the service's retention runs are reported
 * @param topics      the Kafka topics the service writes (Kafka keeps every event for the topic's
 *                    retention: storage like any table), with the personal fields their events carry
 */
public record DataMap(String service, String eventsTopic, List<Table> tables, List<KeyedStore> redis,
        List<KeyedStore> objectStore, List<Topic> topics) {

    public DataMap {
        tables = tables == null ? List.of() : List.copyOf(tables);
        redis = redis == null ? List.of() : List.copyOf(redis);
        objectStore = objectStore == null ? List.of() : List.copyOf(objectStore);
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /** A map without topics (as before topics were mapped). */
    public DataMap(String service, String eventsTopic, List<Table> tables, List<KeyedStore> redis,
            List<KeyedStore> objectStore) {
        this(service, eventsTopic, tables, redis, objectStore, List.of());
    }

    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** This map with {@code other}'s tables, key patterns and prefixes before its own (platform-kit's first). */
    public DataMap withShared(DataMap other) {
        List<Table> merged = new ArrayList<>(other.tables());
        merged.addAll(tables);
        List<KeyedStore> keys = new ArrayList<>(other.redis());
        keys.addAll(redis);
        List<KeyedStore> prefixes = new ArrayList<>(other.objectStore());
        prefixes.addAll(objectStore);
        List<Topic> allTopics = new ArrayList<>(other.topics());
        allTopics.addAll(topics);
        return new DataMap(service, eventsTopic, merged, keys, prefixes, allTopics);
    }

    /**
     * One table.
     *
     * @param owner      who writes it: the service, or platform-kit for its shared tables
     * @param subject    how a person's rows are found: a column holding their account id, or an SQL
     *                   condition with {@code :subject} (the coverage test seeds and finds rows by it)
     * @param erasure    what erasure does to the personal columns, unless a column says otherwise
     * @param holdReason the legal basis quoted in erasure receipts, when erasure is {@code legal-hold}
     */
    public record Table(String name, String owner, String purpose, String subject, Retention retention,
            Erasure erasure, String holdReason, List<Column> columns) {

        public Table {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }

        public Optional<Column> column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst();
        }

        @JsonIgnore
        public List<Column> personalColumns() {
            return columns.stream().filter(Column::personal).toList();
        }

        /** The SQL condition that finds the subject's rows for {@code column}, with {@code :subject}. */
        public String subjectCondition(Column column) {
            String locator = column.subject() != null ? column.subject() : subject;
            if (locator == null) {
                return null;
            }
            return locator.matches(DataMapValidation.IDENTIFIER) ? locator + " = :subject" : locator;
        }

        public String purposeOf(Column column) {
            return column.purpose() != null ? column.purpose() : purpose;
        }

        public Erasure erasureOf(Column column) {
            return column.erasure() != null ? column.erasure() : erasure;
        }
    }

    /**
     * One column.
     *
     * @param category     for personal data: identity, contact, credential, device, network-log, ...
     * @param sensitive    sensitive personal information under PIPL art. 28 (minors' data, device
     *                     identifiers, precise location, biometrics, ...)
     * @param purpose      the policy clause it serves, when it is not the table's
     * @param erasure      overrides the table's erasure action
     * @param anonymisedTo the value anonymisation writes (null when absent)
     * @param reason       why a column is kept through erasure ({@code keep})
     * @param export       where the value appears in the person's export: {@code section.field}, with
     *                     {@code []} for lists, e.g. {@code sessions[].refreshTokens[].issuedAt}
     * @param subject      overrides the table's subject for this column (e.g. {@code invited_by})
     */
    public record Column(String name, boolean personal, String category, boolean sensitive, String purpose,
            Erasure erasure, String anonymisedTo, String reason, String export, String subject, String note) {
    }

    /**
     * How long rows are kept: either for a lifetime that erasure or the owning feature ends ({@code
     * lifetime}, e.g. {@code account}), or by time-based {@code rules} that {@link RetentionRunner} applies.
     *
     * @param legalMinimum the least the law requires the rows to be kept (network logs: 180 days)
     */
    public record Retention(String lifetime, Duration legalMinimum, List<Rule> rules) {

        public Retention {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    /**
     * A purge rule: rows whose {@code clock} is older than {@code duration} (deployments may override it
     * through {@code property}) and that meet {@code where} are deleted, or have the {@code set} columns
     * anonymised. {@code clock} and {@code where} are SQL of this repository's own maps, never input.
     */
    public record Rule(String name, Duration duration, String property, Duration legalMinimum, String clock,
            String where, Action action, Map<String, String> set) {

        public Rule {
            action = action == null ? Action.DELETE : action;
            // anonymised values may be null, which Map.copyOf refuses
            set = set == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(set));
        }
    }

    /** A Redis key pattern (glob) or an object-store prefix the service writes. */
    public record KeyedStore(String pattern, String owner, boolean personal, String category, boolean sensitive,
            String purpose, String retention, String erasure, String note) {
    }

    /**
     * A Kafka topic the service writes.
     *
     * @param owner          who writes it, when not the map's service (platform-kit's shared topics name
     *                       the writers, e.g. {@code every data holder})
     * @param retention      how long Kafka keeps its events: the topic's {@code retention.ms}, which
     *                       {@code dev/kafka-topics.conf} sets (a test compares the two)
     * @param personalFields the fields of its events' data that are personal data, each with its category
     *                       (events carry ids, never contact details or content); empty when none is
     */
    public record Topic(String name, String owner, String purpose, Duration retention,
            List<TopicField> personalFields, String note) {

        public Topic {
            personalFields = personalFields == null ? List.of() : List.copyOf(personalFields);
        }

        @JsonIgnore
        public boolean personal() {
            return !personalFields.isEmpty();
        }
    }

    /** A personal field of a topic's events: its name in the event data ({@code a.b}, {@code list[].c}). */
    public record TopicField(String field, String category, String note) {
    }

    public enum Action {
        DELETE, ANONYMISE;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Action of(String value) {
            return valueOf(value.toUpperCase().replace('-', '_'));
        }
    }

    /** What erasure does to a personal column. */
    public enum Erasure {
        /** The row is deleted. */
        DELETE,
        /** The value is replaced by {@code anonymisedTo} (NULL by default); the row stays. */
        ANONYMISE,
        /** The row stays until its legal minimum has passed; the receipt lists it as a legal hold. */
        LEGAL_HOLD,
        /** The value stays (with a stated reason), e.g. a reference to the anonymised account row. */
        KEEP;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Erasure of(String value) {
            return valueOf(value.toUpperCase().replace('-', '_'));
        }

        public String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }
}
