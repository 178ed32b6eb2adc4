package io.huiketang.kit.datamap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.huiketang.kit.datamap.DataMap.Column;
import io.huiketang.kit.datamap.DataMap.Erasure;
import io.huiketang.kit.datamap.DataMap.KeyedStore;
import io.huiketang.kit.datamap.DataMap.Rule;
import io.huiketang.kit.datamap.DataMap.Table;

/**
 * Checks a data map by itself: every personal column has a category, a purpose, a retention and an
 * erasure action (and where its value appears in the export); legal minimums are no longer than the
 * retention; a network log is never purged before 180 days (网络安全法 art. 21).
 */
public final class DataMapValidation {

    /** Table and column names, and the only SQL identifiers a map may put into statements. */
    public static final String IDENTIFIER = "[a-z_][a-z0-9_]*";

    /** The least the law requires network logs to be kept (网络安全法 art. 21: six months). */
    public static final Duration NETWORK_LOG_MINIMUM = Duration.ofDays(180);

    public static final String NETWORK_LOG = "network-log";

    /** The categories of personal data a map may name. */
    public static final Set<String> CATEGORIES = Set.of("identity", "identifier", "contact", "credential",
            "minor", "device", NETWORK_LOG, "location", "meeting-record", "meeting-content", "usage", "employment",
            "consent", "audit", "rights-request");

    private DataMapValidation() {
    }

    /** The problems of {@code map}, with rule durations as they are; empty when it is valid. */
    public static List<String> problems(DataMap map) {
        return problems(map, Rule::duration);
    }

    /**
     * The problems of {@code map}; {@code effectiveDuration} gives each rule's duration as deployed (a
     * configured override), so an override below the legal minimum is refused too.
     */
    public static List<String> problems(DataMap map, Function<Rule, Duration> effectiveDuration) {
        List<String> problems = new ArrayList<>();
        if (blank(map.service())) {
            problems.add("the map names no service");
        }
        if (blank(map.eventsTopic())) {
            problems.add("the map names no events topic for its retention reports");
        }
        Set<String> tables = new HashSet<>();
        for (Table table : map.tables()) {
            String t = table.name();
            if (t == null || !t.matches(IDENTIFIER)) {
                problems.add("table name '" + t + "' is not a plain SQL identifier");
                continue;
            }
            if (!tables.add(t)) {
                problems.add(t + " is declared twice");
            }
            if (blank(table.purpose())) {
                problems.add(t + ": no purpose");
            }
            tableProblems(table, effectiveDuration, problems);
        }
        for (KeyedStore key : map.redis()) {
            storeProblems("redis " + key.pattern(), key, problems);
        }
        for (KeyedStore prefix : map.objectStore()) {
            storeProblems("object store " + prefix.pattern(), prefix, problems);
        }
        Set<String> topics = new HashSet<>();
        for (DataMap.Topic topic : map.topics()) {
            topicProblems(topic, problems);
            if (topic.name() != null && !topics.add(topic.name())) {
                problems.add("topic " + topic.name() + " is declared twice");
            }
        }
        return problems;
    }

    /** Throws when the map is not valid. */
    public static void requireValid(DataMap map, Function<Rule, Duration> effectiveDuration) {
        List<String> problems = problems(map, effectiveDuration);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The data map of " + map.service() + " is not valid:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private static void tableProblems(Table table, Function<Rule, Duration> effectiveDuration, List<String> problems) {
        String t = table.name();
        Set<String> columns = new HashSet<>();
        boolean networkLog = false;
        for (Column column : table.columns()) {
            String c = t + "." + column.name();
            if (column.name() == null || !column.name().matches(IDENTIFIER)) {
                problems.add(c + ": not a plain SQL identifier");
                continue;
            }
            if (!columns.add(column.name())) {
                problems.add(c + " is declared twice");
            }
            if (!column.personal()) {
                if (column.sensitive() || column.category() != null) {
                    problems.add(c + ": a category or sensitivity only belongs to personal data");
                }
                continue;
            }
            if (blank(column.category())) {
                problems.add(c + ": personal, but no category");
            } else if (!CATEGORIES.contains(column.category())) {
                problems.add(c + ": category '" + column.category() + "' is not one of " + CATEGORIES);
            }
            networkLog |= NETWORK_LOG.equals(column.category());
            if (blank(table.purposeOf(column))) {
                problems.add(c + ": personal, but no purpose");
            }
            if (table.retention() == null) {
                problems.add(c + ": personal, but its table has no retention");
            }
            Erasure erasure = table.erasureOf(column);
            if (erasure == null) {
                problems.add(c + ": personal, but no erasure action");
            } else if (erasure == Erasure.KEEP && blank(column.reason())) {
                problems.add(c + ": kept through erasure without a reason");
            } else if (erasure == Erasure.LEGAL_HOLD
                    && (table.retention() == null || table.retention().legalMinimum() == null
                            || blank(table.holdReason()))) {
                problems.add(c + ": held through erasure, but its table has no legal minimum or hold reason");
            }
            if (blank(column.export())) {
                problems.add(c + ": personal, but the map does not say where the export shows it");
            }
            if (blank(table.subjectCondition(column))) {
                problems.add(c + ": personal, but neither it nor its table says whose it is (subject)");
            }
        }
        var retention = table.retention();
        if (retention == null) {
            problems.add(t + ": no retention");
            return;
        }
        if (blank(retention.lifetime()) == retention.rules().isEmpty()) {
            problems.add(t + ": retention needs either a lifetime or purge rules, not both or neither");
        }
        if (networkLog && (retention.legalMinimum() == null
                || retention.legalMinimum().compareTo(NETWORK_LOG_MINIMUM) < 0)) {
            problems.add(t + ": a network log needs a legal minimum of at least " + NETWORK_LOG_MINIMUM.toDays()
                    + " days (网络安全法 art. 21)");
        }
        Set<String> names = new HashSet<>();
        for (Rule rule : retention.rules()) {
            String r = t + " rule " + rule.name();
            if (blank(rule.name()) || !names.add(rule.name())) {
                problems.add(r + ": every rule needs a name of its own");
            }
            if (blank(rule.clock())) {
                problems.add(r + ": no clock (the column or expression its age counts from)");
            }
            Duration duration = effectiveDuration.apply(rule);
            if (duration == null || duration.isNegative() || duration.isZero()) {
                problems.add(r + ": no positive duration");
                continue;
            }
            Duration minimum = longest(rule.legalMinimum(), retention.legalMinimum());
            if (minimum != null && duration.compareTo(minimum) < 0) {
                problems.add(r + ": keeps rows " + duration + ", less than the legal minimum " + minimum
                        + (networkLog ? "; network logs must be kept at least 180 days (网络安全法 art. 21)" : ""));
            }
            if (rule.action() == DataMap.Action.ANONYMISE) {
                if (rule.set().isEmpty()) {
                    problems.add(r + ": anonymises, but sets no column");
                }
                rule.set().keySet().stream().filter(c -> table.column(c).isEmpty())
                        .forEach(c -> problems.add(r + ": sets " + c + ", which the table does not declare"));
            } else if (!rule.set().isEmpty()) {
                problems.add(r + ": deletes rows, so it sets no column");
            }
        }
    }

    private static void storeProblems(String what, KeyedStore store, List<String> problems) {
        if (blank(store.pattern())) {
            problems.add(what + ": no pattern");
        }
        if (blank(store.purpose())) {
            problems.add(what + ": no purpose");
        }
        if (blank(store.retention())) {
            problems.add(what + ": no retention");
        }
        if (store.personal()) {
            if (blank(store.category()) || !CATEGORIES.contains(store.category())) {
                problems.add(what + ": personal, but no category among " + CATEGORIES);
            }
            if (blank(store.erasure())) {
                problems.add(what + ": personal, but no erasure action");
            }
        }
    }

    /** Kafka's own rule for topic names. */
    public static final String TOPIC_NAME = "[a-zA-Z0-9._-]{1,249}";

    private static void topicProblems(DataMap.Topic topic, List<String> problems) {
        String what = "topic " + topic.name();
        if (topic.name() == null || !topic.name().matches(TOPIC_NAME)) {
            problems.add("topic name '" + topic.name() + "' is not a Kafka topic name");
        }
        if (blank(topic.purpose())) {
            problems.add(what + ": no purpose");
        }
        if (topic.retention() == null || topic.retention().isNegative() || topic.retention().isZero()) {
            problems.add(what + ": no positive retention (the topic's retention.ms)");
        }
        Set<String> fields = new HashSet<>();
        for (DataMap.TopicField field : topic.personalFields()) {
            if (blank(field.field()) || !fields.add(field.field())) {
                problems.add(what + ": every personal field needs a name of its own");
            }
            if (blank(field.category()) || !CATEGORIES.contains(field.category())) {
                problems.add(what + " field " + field.field() + ": no category among " + CATEGORIES);
            }
        }
    }

    private static Duration longest(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
