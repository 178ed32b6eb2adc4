package io.huiketang.account.wechat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.huiketang.kit.privacy.PersonalDataSection;
import io.huiketang.kit.crypto.SensitiveFields;

/** The bound WeChat account, its ids decrypted for their owner; erased by deleting the binding. */
@ApplicationScoped
public class WeChatPersonalData implements PersonalDataSection {

    public record WeChatExport(String openid, String unionid, String nickname, String avatarUrl, String gender,
            String country, String province, String city, Instant boundAt, Instant updatedAt) {
    }

    private final SensitiveFields sensitive;
    private final ObjectMapper json;

    WeChatPersonalData(SensitiveFields sensitive, ObjectMapper json) {
        this.sensitive = sensitive;
        this.json = json;
    }

    @Override
    public String name() {
        return "wechatIdentity";
    }

    @Override
    public JsonNode export(UUID accountId) {
        WeChatIdentity wechat = WeChatIdentity.findById(accountId);
        return wechat == null ? NullNode.instance
                : json.valueToTree(new WeChatExport(sensitive.decrypt(wechat.openidCipher),
                        sensitive.decrypt(wechat.unionidCipher), wechat.nickname, wechat.avatarUrl, wechat.gender,
                        wechat.country, wechat.province, wechat.city, wechat.boundAt, wechat.updatedAt));
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of("wechat_identity", WeChatIdentity.delete("accountId", accountId));
    }

    @Override
    public int eraseOrder() {
        return 10;
    }
}
