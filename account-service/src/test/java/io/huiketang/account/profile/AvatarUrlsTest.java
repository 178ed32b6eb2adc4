package io.huiketang.account.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.problem.ProblemException;

class AvatarUrlsTest {

    private final AvatarUrls avatars = new AvatarUrls(() -> List.of("media.huiketang.io", "thirdwx.qlogo.cn"));

    @Test
    void aListedHostOverHttpsIsKept() {
        assertEquals("https://media.huiketang.io/a.png", avatars.require("https://media.huiketang.io/a.png", "avatarUrl"));
        assertEquals("https://thirdwx.qlogo.cn/mmopen/1/132", avatars.acceptedOrNull("https://thirdwx.qlogo.cn/mmopen/1/132"));
    }

    @Test
    void addressesAndUnlistedHostsAreRefused() {
        for (String url : List.of("https://127.0.0.1/a", "https://[::1]/a", "https://0x7f000001/a", "https://100.64.0.1/a",
                "https://[fe80::1]/a", "https://media.huiketang.io.evil.example/a", "https://x@media.huiketang.io/a")) {
            assertThrows(ProblemException.class, () -> avatars.require(url, "avatarUrl"), url);
            assertNull(avatars.acceptedOrNull(url), url);
        }
        assertNull(avatars.acceptedOrNull("not a url"));
    }

    @Test
    void aConfiguredAddressOrLocalNameStopsTheStart() {
        for (String host : List.of("127.0.0.1", "localhost", "[::1]", "media.local", "10.0.0.1", "metadata.internal")) {
            assertThrows(IllegalStateException.class, () -> new AvatarUrls(() -> List.of(host)), host);
        }
    }
}
