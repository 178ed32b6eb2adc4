package io.huiketang.account.wechat;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The WeChat Official Account / Open Platform app this service logs people in with (ACC-2). */
@ConfigMapping(prefix = "huiketang.account.wechat")
public interface WeChatConfig {

    /** https://api.weixin.qq.com, or a stand-in. */
    URI baseUrl();

    String appId();

    /** The app's secret (AppSecret): from a secret store in production, never logged. */
    String secret();

    /** Longest wait for each call to WeChat; beyond it the login answers 503. */
    @WithDefault("PT5S")
    Duration timeout();

    /** How long an unknown WeChat user has to bind a mobile number and finish registering. */
    @WithDefault("PT15M")
    Duration registrationTicketLifetime();
}
