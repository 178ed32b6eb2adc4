package io.huiketang.kit.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.DefaultBean;

/**
 * A service's answer to privacy requests, assembled from its {@link PersonalDataSection} beans:
 * the export is {@code {section name: section export}}; the erasure runs every section in erase
 * order and merges their counts and legal holds. The subject is an account id; any other subject
 * has nothing here. A service with no section holds no personal data and is no data holder.
 */
@ApplicationScoped
@DefaultBean
public class SectionedPersonalData implements PersonalDataHolder {

    private final Instance<PersonalDataSection> sections;
    private final ObjectMapper json;

    SectionedPersonalData(@Any Instance<PersonalDataSection> sections, ObjectMapper json) {
        this.sections = sections;
        this.json = json;
    }

    /** Whether this service holds personal data at all. */
    public boolean hasSections() {
        return !sections.isUnsatisfied();
    }

    @Override
    public JsonNode export(String subjectId) {
        ObjectNode export = json.createObjectNode();
        UUID accountId = accountIdOf(subjectId);
        if (accountId != null) {
            inEraseOrder().forEach(section -> export.set(section.name(), section.export(accountId)));
        }
        return export;
    }

    @Override
    public ErasureReceipt erase(String subjectId) {
        UUID accountId = accountIdOf(subjectId);
        Map<String, Long> affected = new HashMap<>();
        List<ErasureReceipt.LegalHold> holds = new ArrayList<>();
        if (accountId != null) {
            for (PersonalDataSection section : inEraseOrder()) {
                holds.addAll(section.legalHolds(accountId));
                section.erase(accountId).forEach((table, rows) -> affected.merge(table, rows, Long::sum));
            }
        }
        return new ErasureReceipt(affected, holds);
    }

    private List<PersonalDataSection> inEraseOrder() {
        return sections.stream()
                .sorted(Comparator.comparingInt(PersonalDataSection::eraseOrder).thenComparing(PersonalDataSection::name))
                .toList();
    }

    private static UUID accountIdOf(String subjectId) {
        try {
            return UUID.fromString(subjectId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
