package io.huiketang.account.token;

import java.util.List;
import java.util.UUID;

/** The enterprises a person belongs to and administers, as their tokens state them. */
public interface EnterpriseRoles {

    List<UUID> memberOf(UUID accountId);

    List<UUID> adminOf(UUID accountId);
}
