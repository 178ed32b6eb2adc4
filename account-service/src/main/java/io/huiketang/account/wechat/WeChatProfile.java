package io.huiketang.account.wechat;

/**
 * What WeChat told us about a person at login, trimmed to what we keep (their WeChat access and
 * refresh tokens and "privilege" list are not kept).
 *
 * @param gender MALE, FEMALE or UNKNOWN
 */
record WeChatProfile(String openid, String unionid, String nickname, String gender, String country,
        String province, String city, String avatarUrl) {

    static WeChatProfile of(WeChatApi.AccessToken token, WeChatApi.UserInfo info) {
        String gender = switch (info.sex()) {
            case 1 -> "MALE";
            case 2 -> "FEMALE";
            default -> "UNKNOWN";
        };
        String avatar = info.headimgurl() != null && info.headimgurl().length() <= 1024 ? info.headimgurl() : null;
        return new WeChatProfile(token.openid(), info.unionid() != null ? info.unionid() : token.unionid(),
                cut(info.nickname()), gender, cut(info.country()), cut(info.province()), cut(info.city()), avatar);
    }

    /** At most 64 characters (as the columns count them), never splitting an emoji. */
    private static String cut(String value) {
        return value == null || value.codePointCount(0, value.length()) <= 64 ? value
                : value.substring(0, value.offsetByCodePoints(0, 64));
    }
}
