package io.huiketang.kit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.datamap.DataMap;
import io.huiketang.kit.datamap.DataMap.Column;
import io.huiketang.kit.datamap.DataMap.Erasure;
import io.huiketang.kit.datamap.DataMap.KeyedStore;
import io.huiketang.kit.datamap.DataMap.Table;
import io.huiketang.kit.datamap.DataMapValidation;
import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.privacy.PersonalDataHolder;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Proofs that a service's data map tells the truth, written once for every service:
 * <ul>
 * <li>{@link #assertSchemaMatches}: the database after its migrations has exactly the tables and
 * columns the map declares (an undeclared column fails the build), and every retention rule's clock
 * is indexed (a purge batch never scans its table);</li>
 * <li>{@link #assertRedisKeysDeclared}: every key the service wrote matches a declared pattern;</li>
 * <li>{@link #assertExportAndErasureCover}: for one seeded person, the export shows every personal
 * column, and after erasure each of their values is deleted, anonymised, kept or held exactly as
 * declared (read with plain SQL, not through the service), with the legal holds the map declares.</li>
 * </ul>
 */
public final class DataMapAssertions {

    /** The export path of a column holding the person's own id: the export as a whole is theirs. */
    public static final String SUBJECT = "subject";

    private DataMapAssertions() {
    }

    /** The map is valid and declares every column of every table of the database, and nothing else. */
    public static void assertSchemaMatches(DataSource dataSource, DataMap map) throws SQLException {
        List<String> problems = DataMapValidation.problems(map);
        assertTrue(problems.isEmpty(), () -> "The data map is not valid:\n  - " + String.join("\n  - ", problems));
        Set<String> declared = new TreeSet<>();
        map.tables().forEach(t -> t.columns().forEach(c -> declared.add(t.name() + "." + c.name())));
        Set<String> actual = new TreeSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT c.table_name, c.column_name FROM information_schema.columns c
                        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'""");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                actual.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        Set<String> undeclared = new TreeSet<>(actual);
        undeclared.removeAll(declared);
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(actual);
        List<String> messages = new ArrayList<>();
        if (!undeclared.isEmpty()) {
            messages.add("Columns in the database that the data map of " + map.service() + " does not declare "
                    + "(declare each in data-map.yaml: personal or not, category, purpose, retention, erasure): "
                    + undeclared);
        }
        if (!missing.isEmpty()) {
            messages.add("Columns the data map of " + map.service() + " declares that the database does not have: "
                    + missing);
        }
        assertTrue(messages.isEmpty(), () -> String.join("\n", messages));
        assertRetentionClocksIndexed(dataSource, map);
    }

    /** With sequential scans priced out, the planner still scans a table only when no index fits the clock. */
    private static void assertRetentionClocksIndexed(DataSource dataSource, DataMap map) throws SQLException {
        List<String> scanned = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL enable_seqscan = off");
                for (DataMap.Table table : map.tables()) {
                    if (table.retention() == null) {
                        continue;
                    }
                    for (DataMap.Rule rule : table.retention().rules()) {
                        String due = "(" + rule.clock() + ") < now()" + (rule.where() == null ? ""
                                : " AND (" + rule.where() + ")");
                        StringBuilder plan = new StringBuilder();
                        try (ResultSet rs = statement.executeQuery("EXPLAIN SELECT ctid FROM " + table.name()
                                + " WHERE " + due + " LIMIT 1")) {
                            while (rs.next()) {
                                plan.append(rs.getString(1)).append('\n');
                            }
                        }
                        if (plan.toString().contains("Seq Scan on " + table.name() + " ")
                                || plan.toString().contains("Seq Scan on " + table.name() + "\n")) {
                            scanned.add(table.name() + " (rule " + rule.name() + ", clock " + rule.clock() + ")");
                        }
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
        assertTrue(scanned.isEmpty(), () -> "Retention rules of " + map.service() + " whose clock has no index "
                + "(add one on the clock expression exactly as written): " + scanned);
    }

    /** Every key matches one of the map's Redis patterns (globs: {@code *} is any run of characters). */
    public static void assertRedisKeysDeclared(Collection<String> keys, DataMap map) {
        List<Pattern> patterns = map.redis().stream().map(KeyedStore::pattern).map(DataMapAssertions::glob).toList();
        Set<String> undeclared = keys.stream().filter(k -> patterns.stream().noneMatch(p -> p.matcher(k).matches()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(undeclared.isEmpty(), () -> "Redis keys that no pattern of the data map of " + map.service()
                + " declares: " + undeclared);
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** One seeded value: a personal column of one row of the subject, found by the table's primary key. */
    private record Seeded(Table table, Column column, Map<String, String> key, String value) {
    }

    /**
     * {@link #assertExportAndErasureCover(DataSource, DataMap, String, Supplier, Supplier)} through the
     * service's {@link PersonalDataHolder}, each call in a transaction of its own as privacy requests run.
     */
    public static void assertExportAndErasureCover(DataSource dataSource, DataMap map, String subject,
            PersonalDataHolder holder) throws SQLException {
        assertExportAndErasureCover(dataSource, map, subject,
                () -> QuarkusTransaction.requiringNew().call(() -> holder.export(subject)),
                () -> QuarkusTransaction.requiringNew().call(() -> holder.erase(subject)));
    }

    /** Seeds one row with plain SQL, independently of the code under test. */
    public static void insert(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    /**
     * Proves that export and erasure cover the map for {@code subject}, whose data the caller has seeded
     * into every personal column (each found by its table's or column's {@code subject} condition).
     *
     * @param export the service's personal-data export of the subject
     * @param erase  the service's erasure of the subject (committed when it returns)
     */
    public static void assertExportAndErasureCover(DataSource dataSource, DataMap map, String subject,
            Supplier<JsonNode> export, Supplier<ErasureReceipt> erase) throws SQLException {
        List<Seeded> seeded = new ArrayList<>();
        List<String> unseeded = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            for (Table table : map.tables()) {
                if (table.personalColumns().isEmpty()) {
                    continue;
                }
                List<String> key = primaryKey(connection, table.name());
                assertTrue(!key.isEmpty(), table.name() + " has a primary key, so erased rows can be found again");
                for (Column column : table.personalColumns()) {
                    List<Seeded> rows = rowsOf(connection, table, column, key, subject);
                    if (rows.stream().noneMatch(r -> r.value() != null)) {
                        unseeded.add(table.name() + "." + column.name());
                    }
                    seeded.addAll(rows.stream().filter(r -> r.value() != null).toList());
                }
            }
        }
        assertTrue(unseeded.isEmpty(), () -> "The seed gives " + subject + " no value in these personal columns; "
                + "seed every one, so the proof covers the whole map: " + unseeded);

        JsonNode exported = export.get();
        List<String> notExported = new ArrayList<>();
        for (Table table : map.tables()) {
            for (Column column : table.personalColumns()) {
                if (SUBJECT.equals(column.export())) {
                    // The person's own id: the whole export is theirs; their rows were found by it
                    continue;
                }
                if (resolve(exported, column.export()).stream().noneMatch(n -> !n.isNull() && !n.isMissingNode())) {
                    notExported.add(table.name() + "." + column.name() + " (at " + column.export() + ")");
                }
            }
        }
        assertTrue(notExported.isEmpty(), () -> "The export of " + subject + " does not show these personal "
                + "columns: " + notExported + "\nexport: " + exported);

        ErasureReceipt receipt = erase.get();
        List<String> wrong = new ArrayList<>();
        Map<String, String> heldTables = new TreeMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (Seeded row : seeded) {
                String where = row.table().name() + "." + row.column().name() + " " + row.key();
                Erasure erasure = row.table().erasureOf(row.column());
                List<String> after = valueAfter(connection, row);
                switch (erasure) {
                    case DELETE -> {
                        if (!after.isEmpty()) {
                            wrong.add(where + ": declared delete, but the row is still there");
                        }
                    }
                    case ANONYMISE -> {
                        if (after.isEmpty()) {
                            wrong.add(where + ": declared anonymise, but the row is gone");
                        } else if (!Objects.equals(after.get(0), row.column().anonymisedTo())) {
                            wrong.add(where + ": declared anonymise to " + row.column().anonymisedTo() + ", but it is "
                                    + (after.get(0) == null ? "NULL" : "'" + after.get(0) + "'"));
                        }
                    }
                    case KEEP -> {
                        if (after.isEmpty()) {
                            wrong.add(where + ": declared keep, but the row is gone");
                        }
                    }
                    case LEGAL_HOLD -> {
                        heldTables.put(row.table().name(), row.table().holdReason());
                        if (after.isEmpty() || !Objects.equals(after.get(0), row.value())) {
                            wrong.add(where + ": declared legal-hold, but it was deleted or changed");
                        }
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), () -> "Erasure did not do what the data map declares:\n  - "
                + String.join("\n  - ", wrong));

        Map<String, String> receiptHolds = new TreeMap<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (ErasureReceipt.LegalHold hold : receipt.legalHolds()) {
            if (hold.until() == null) {
                // Kept without an end date as someone else's business record (e.g. "enterprise/<id>/contact"):
                // the table must be one the map keeps on erasure, and the receipt must give the basis
                String kept = hold.dataset().split("/", 2)[0];
                Table table = map.table(kept).orElse(null);
                assertTrue(table != null && table.erasure() == DataMap.Erasure.KEEP,
                        "the receipt keeps " + hold.dataset() + ", which the map does not declare kept");
                assertTrue(hold.reason() != null && !hold.reason().isBlank(), hold.dataset() + " is kept with a reason");
                continue;
            }
            receiptHolds.put(hold.dataset(), hold.reason());
            Table table = map.table(hold.dataset()).orElse(null);
            assertTrue(table != null, "the receipt holds " + hold.dataset() + ", which the map does not declare");
            assertTrue(!hold.until().isBefore(today), hold.dataset() + " is held until a day to come");
            assertTrue(!hold.until().isAfter(today.plusDays(table.retention().legalMinimum().toDays() + 2)),
                    hold.dataset() + " is held no longer than its legal minimum " + table.retention().legalMinimum());
        }
        assertEquals(heldTables, receiptHolds, "the receipt's legal holds (dataset: reason) are the map's");
    }

    private static List<String> primaryKey(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT a.attname FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY a.attname""")) {
            select.setString(1, table);
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            return columns;
        }
    }

    private static List<Seeded> rowsOf(Connection connection, Table table, Column column, List<String> key,
            String subject) throws SQLException {
        String condition = table.subjectCondition(column).replace(":subject", "'" + subject.replace("'", "''") + "'");
        String sql = "SELECT " + key.stream().map(k -> k + "::text").collect(Collectors.joining(", ")) + ", "
                + column.name() + "::text FROM " + table.name() + " WHERE " + condition;
        List<Seeded> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Map<String, String> values = new TreeMap<>();
                for (int i = 0; i < key.size(); i++) {
                    values.put(key.get(i), rs.getString(i + 1));
                }
                rows.add(new Seeded(table, column, values, rs.getString(key.size() + 1)));
            }
        }
        return rows;
    }

    /** The column's value now (a one-element list, possibly [null]); empty when the row is gone. */
    private static List<String> valueAfter(Connection connection, Seeded row) throws SQLException {
        String sql = "SELECT " + row.column().name() + "::text FROM " + row.table().name() + " WHERE "
                + row.key().keySet().stream().map(k -> k + "::text = ?").collect(Collectors.joining(" AND "));
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            for (String value : row.key().values()) {
                select.setString(i++, value);
            }
            try (ResultSet rs = select.executeQuery()) {
                List<String> values = new ArrayList<>();
                if (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }

    /** The nodes at {@code path}: {@code a.b[].c} walks into every element of the list at {@code a.b}. */
    static List<JsonNode> resolve(JsonNode root, String path) {
        List<JsonNode> nodes = List.of(root);
        for (String segment : path.split("\\.")) {
            boolean list = segment.endsWith("[]");
            String field = list ? segment.substring(0, segment.length() - 2) : segment;
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : nodes) {
                JsonNode child = node.path(field);
                if (list) {
                    child.forEach(next::add);
                } else {
                    next.add(child);
                }
            }
            nodes = next;
        }
        return nodes;
    }
}
