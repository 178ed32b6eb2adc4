package io.huiketang.account.enterprise;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.huiketang.account.account.Account;

/** The accounts behind a page of members or admins, read in one query. */
final class Accounts {

    private Accounts() {
    }

    static Map<UUID, Account> byId(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return Account.<Account>list("id in ?1", ids).stream().collect(Collectors.toMap(a -> a.id, Function.identity()));
    }
}
