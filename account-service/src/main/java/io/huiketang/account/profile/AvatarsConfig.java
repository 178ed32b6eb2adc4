package io.huiketang.account.profile;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.account.avatars")
public interface AvatarsConfig {

    /**
     * Host names an avatar URL may name (https, port 443): the platform's media and CDN hosts, and
     * WeChat's avatar CDN (a WeChat account brings its avatar). Names only: IP literals and
     * localhost are refused at start-up.
     */
    @WithDefault("media.huiketang.io,cdn.huiketang.io,thirdwx.qlogo.cn,wx.qlogo.cn")
    List<String> allowedHosts();
}
