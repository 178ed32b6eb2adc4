package io.huiketang.account.enterprise;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.account.token.EnterpriseRoles;

/** The enterprises in a person's tokens: where they are a member, and where an admin. */
@ApplicationScoped
public class MembershipRoles implements EnterpriseRoles {

    @Override
    public List<UUID> memberOf(UUID accountId) {
        return Member.<Member>list("accountId", accountId).stream().map(m -> m.enterpriseId).toList();
    }

    @Override
    public List<UUID> adminOf(UUID accountId) {
        return Admin.<Admin>list("accountId", accountId).stream().map(a -> a.enterpriseId).toList();
    }
}
