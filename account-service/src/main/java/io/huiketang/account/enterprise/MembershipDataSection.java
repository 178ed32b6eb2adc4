package io.huiketang.account.enterprise;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.token.RightsChanges;
import io.huiketang.kit.privacy.PersonalDataSection;
import io.huiketang.kit.outbox.Outbox;

/**
 * A person's enterprise memberships and admin roles. Erasure ends them like a removal (with the
 * member-removed and admin-revoked events, the person as the actor) and is not refused for a last
 * administrator: the right to erasure outweighs the rule that an enterprise keeps an admin.
 */
@ApplicationScoped
public class MembershipDataSection implements PersonalDataSection {

    public record Membership(String enterpriseId, String enterpriseName, String departmentId, String departmentName,
            String companyEmail, String joinedVia, Instant joinedAt, boolean admin, Instant adminSince) {
    }

    private final ObjectMapper json;
    private final Outbox outbox;
    private final RightsChanges rightsChanges;

    MembershipDataSection(ObjectMapper json, Outbox outbox, RightsChanges rightsChanges) {
        this.json = json;
        this.outbox = outbox;
        this.rightsChanges = rightsChanges;
    }

    @Override
    public String name() {
        return "enterpriseMemberships";
    }

    @Override
    public JsonNode export(UUID accountId) {
        List<Membership> memberships = Member.<Member>list("accountId", accountId).stream().map(m -> {
            Enterprise enterprise = Enterprise.findById(m.enterpriseId);
            Department department = m.departmentId == null ? null : Department.findById(m.departmentId);
            Admin admin = Admin.find(m.enterpriseId, accountId);
            return new Membership(m.enterpriseId.toString(), enterprise.name,
                    department == null ? null : department.id.toString(), department == null ? null : department.name,
                    m.companyEmail, m.joinedVia.name(), m.joinedAt, admin != null,
                    admin == null ? null : admin.grantedAt);
        }).toList();
        return json.valueToTree(memberships);
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        String subject = accountId.toString();
        String now = Instant.now().toString();
        long admins = 0;
        long members = 0;
        for (Member member : Member.<Member>list("accountId", accountId)) {
            String enterpriseId = member.enterpriseId.toString();
            Admin admin = Admin.find(member.enterpriseId, accountId);
            if (admin != null) {
                admin.delete();
                admins++;
                outbox.publish(AccountEvents.TOPIC, "enterprise", enterpriseId, AccountEvents.ADMIN_REVOKED,
                        new AccountEvents.AdminRevoked(enterpriseId, subject, subject, now));
            }
            member.delete();
            members++;
            outbox.publish(AccountEvents.TOPIC, "enterprise", enterpriseId, AccountEvents.MEMBER_REMOVED,
                    new AccountEvents.MemberRemoved(enterpriseId, subject, subject, now));
        }
        if (members > 0) {
            rightsChanges.changed(accountId);
        }
        Map<String, Long> affected = new LinkedHashMap<>();
        affected.put("enterprise_admin", admins);
        affected.put("enterprise_member", members);
        return affected;
    }

    /** Before the account itself: these rows reference it. */
    @Override
    public int eraseOrder() {
        return -100;
    }
}
