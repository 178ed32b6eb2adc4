package io.huiketang.account.token;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** Until enterprises exist, nobody belongs to one. */
@ApplicationScoped
@DefaultBean
public class NoEnterpriseRoles implements EnterpriseRoles {

    @Override
    public List<UUID> memberOf(UUID accountId) {
        return List.of();
    }

    @Override
    public List<UUID> adminOf(UUID accountId) {
        return List.of();
    }
}
