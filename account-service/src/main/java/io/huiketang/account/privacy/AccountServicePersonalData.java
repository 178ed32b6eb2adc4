package io.huiketang.account.privacy;

import java.time.Instant;
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

import io.huiketang.account.account.Account;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.privacy.PersonalDataHolder;

/**
 * account-service's answer to privacy requests: every {@link PersonalDataSection} bean, whichever
 * feature contributes it. The subject is the account id; any other subject has nothing here.
 */
@ApplicationScoped
public class AccountServicePersonalData implements PersonalDataHolder {

    private final Instance<PersonalDataSection> sections;
    private final Outbox outbox;
    private final ObjectMapper json;

    AccountServicePersonalData(@Any Instance<PersonalDataSection> sections, Outbox outbox,
            ObjectMapper json) {
        this.sections = sections;
        this.outbox = outbox;
        this.json = json;
    }

    /** {@code {section name: section export}}, the account's personal fields decrypted for its owner. */
    @Override
    public JsonNode export(String subjectId) {
        ObjectNode export = json.createObjectNode();
        UUID accountId = accountIdOf(subjectId);
        if (accountId != null) {
            inEraseOrder().forEach(section -> export.set(section.name(), section.export(accountId)));
        }
        return export;
    }

    /** Erases every section, dependants first, then announces the account deleted. */
    @Override
    public ErasureReceipt erase(String subjectId) {
        UUID accountId = accountIdOf(subjectId);
        if (accountId == null) {
            return new ErasureReceipt(Map.of(), List.of());
        }
        boolean existed = Account.findById(accountId) != null;
        Map<String, Long> affected = new HashMap<>();
        List<ErasureReceipt.LegalHold> holds = new ArrayList<>();
        for (PersonalDataSection section : inEraseOrder()) {
            holds.addAll(section.legalHolds(accountId));
            section.erase(accountId).forEach((table, rows) -> affected.merge(table, rows, Long::sum));
        }
        if (existed) {
            outbox.publish(AccountEvents.TOPIC, "account", accountId.toString(), AccountEvents.ACCOUNT_DELETED,
                    new AccountEvents.AccountDeleted(accountId.toString(), Instant.now().toString()));
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
