package io.huiketang.kit.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.privacy.PersonalDataHolder;

/** The test application's personal data: ledger rows of a subject. */
@ApplicationScoped
public class LedgerDataHolder implements PersonalDataHolder {

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    LedgerDataHolder(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public JsonNode export(String subjectId) {
        ObjectNode export = json.createObjectNode();
        ArrayNode rows = export.putArray("ledger");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT aggregate, seq FROM kit_test_ledger WHERE subject_id = ? ORDER BY seq")) {
            select.setString(1, subjectId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.addObject().put("aggregate", rs.getString(1)).put("seq", rs.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return export;
    }

    @Override
    public ErasureReceipt erase(String subjectId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM kit_test_ledger WHERE subject_id = ?")) {
            delete.setString(1, subjectId);
            long deleted = delete.executeUpdate();
            return new ErasureReceipt(Map.of("kit_test_ledger", deleted), List.of(new ErasureReceipt.LegalHold(
                    "kit_test_network_log", "network log: kept at least 180 days", LocalDate.of(2027, 6, 1))));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
