package io.huiketang.kit.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.datamap.DataMap;
import io.huiketang.kit.datamap.DataMap.Column;
import io.huiketang.kit.datamap.DataMap.Erasure;
import io.huiketang.kit.datamap.DataMap.Table;
import io.huiketang.kit.datamap.DataMaps;

/**
 * The re-query after an erasure, from the database itself rather than from what the export shows: for every
 * personal column the data map says erasure deletes or anonymises, how many of the subject's rows still hold a
 * value. Legal holds and kept columns are not counted (the receipt lists them). Nothing erasable remains when
 * every count is zero; only non-zero counts are returned, as {@code table.column}.
 */
@ApplicationScoped
public class ErasureCheck {

    private final Instance<AgroalDataSource> dataSource;
    private final Optional<DataMap> map = DataMaps.ofService();

    ErasureCheck(Instance<AgroalDataSource> dataSource) {
        this.dataSource = dataSource;
    }

    public Map<String, Long> remaining(String subjectId) {
        Map<String, Long> remaining = new TreeMap<>();
        UUID subject;
        try {
            subject = UUID.fromString(subjectId);
        } catch (IllegalArgumentException e) {
            return remaining;
        }
        if (map.isEmpty() || !dataSource.isResolvable()) {
            return remaining;
        }
        try (Connection connection = dataSource.get().getConnection()) {
            for (Table table : map.get().tables()) {
                for (Column column : table.personalColumns()) {
                    Erasure erasure = table.erasureOf(column);
                    String condition = table.subjectCondition(column);
                    if (condition == null || (erasure != Erasure.DELETE && erasure != Erasure.ANONYMISE)) {
                        continue;
                    }
                    // The subject is a parsed UUID: quoting it is safe; conditions are the repository's own SQL
                    String where = condition.replace(":subject", "'" + subject + "'");
                    String sql = "SELECT count(*) FROM " + table.name() + " WHERE (" + where + ") AND "
                            + (erasure == Erasure.DELETE ? "true"
                                    : column.name() + "::text IS DISTINCT FROM ?");
                    try (PreparedStatement select = connection.prepareStatement(sql)) {
                        if (erasure == Erasure.ANONYMISE) {
                            select.setString(1, column.anonymisedTo());
                        }
                        try (ResultSet rs = select.executeQuery()) {
                            rs.next();
                            long count = rs.getLong(1);
                            if (count > 0) {
                                remaining.put(table.name() + "." + column.name(), count);
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The erasure check could not read the database", e);
        }
        return remaining;
    }
}
