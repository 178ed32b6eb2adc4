package io.huiketang.account.wechat;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The WeChat account bound to a platform account: openid and unionid encrypted, found by their keyed hashes. */
@Entity
@Table(name = "wechat_identity")
public class WeChatIdentity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "openid_cipher", nullable = false)
    public String openidCipher;

    @Column(name = "openid_hash", nullable = false)
    public String openidHash;

    @Column(name = "unionid_cipher")
    public String unionidCipher;

    @Column(name = "unionid_hash")
    public String unionidHash;

    public String nickname;

    @Column(name = "avatar_url")
    public String avatarUrl;

    /** MALE, FEMALE or UNKNOWN (WeChat's sex 1, 2, 0). */
    @Column(nullable = false)
    public String gender;

    public String country;

    public String province;

    public String city;

    @Column(name = "bound_at", nullable = false)
    public Instant boundAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static WeChatIdentity findByOpenidHash(String openidHash) {
        return find("openidHash", openidHash).firstResult();
    }

    public static WeChatIdentity findByUnionidHash(String unionidHash) {
        return find("unionidHash", unionidHash).firstResult();
    }
}
