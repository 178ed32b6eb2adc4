package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * OWASP API2:2023, broken authentication, through the gateway on every service that takes a token:
 * a forged, tampered, unsigned or wrong-kind token, or that of an ended session, is a 401 problem
 * with a Bearer challenge. (An expired token or one of another audience or issuer cannot be made
 * here without the platform's signing key; the forged-signature cases cover any claims a forger
 * chooses, and platform-kit's token tests cover expiry, audience and issuer.)
 */
class AuthenticationTest {

    /** One authenticated operation of each service behind the gateway. */
    private static final List<String> PROTECTED = List.of("/api/v1/accounts/me", "/api/v1/meetings/history");

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private final Client app = Platform.get().client();

    @Test
    void forgedTamperedAndUnsignedTokensAreRefused() throws Exception {
        Person someone = app.registerAdult("认证检查");
        Person victim = app.registerAdult("受害者");
        String[] parts = someone.token().split("\\.");
        String header = new String(UNB64.decode(parts[0]), StandardCharsets.UTF_8);
        String claims = new String(UNB64.decode(parts[1]), StandardCharsets.UTF_8);
        String asVictim = claims.replace(someone.accountId(), victim.accountId());
        assertTrue(!asVictim.equals(claims), "the token names its account: " + claims);
        String longLived = claims.replaceAll("\"exp\":\\d+", "\"exp\":4102444800");

        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        PrivateKey forgersKey = keys.generateKeyPair().getPrivate();

        for (String path : PROTECTED) {
            // sanity: the real token is accepted
            assertTrue(app.get(path, someone.token()).status() < 400, path);
            refused(path, b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
            refused(path, b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(asVictim) + ".");
            refused(path, b64(header) + "." + b64(asVictim) + "." + parts[2]); // claims changed, signature kept
            refused(path, b64(header) + "." + b64(longLived) + "." + parts[2]);
            refused(path, signed(header, asVictim, forgersKey)); // same kid, another key
            refused(path, signed("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims, forgersKey));
            refused(path, signed("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims, null)); // key confusion
            refused(path, parts[0] + "." + parts[1]);
            refused(path, "");
        }
    }

    @Test
    void aRefreshTokenIsNoAccessTokenAndAnEndedSessionsTokensStopWorking() {
        String phone = Client.newPhone();
        var tokens = app.post("/api/v1/accounts/registrations", null, Map.of("phone", phone, "code", app.codeFor(phone),
                "displayName", "会话检查", "policyVersion", Client.POLICY, "ageBracket", "ADULT")).expect(201).get("tokens");
        String refreshToken = tokens.get("refreshToken").asText();
        for (String path : PROTECTED) {
            refused(path, refreshToken);
        }
        String access = tokens.get("accessToken").asText();
        int loggedOut = app.post("/api/v1/accounts/logout", access, Map.of("allSessions", true)).status();
        assertTrue(loggedOut == 200 || loggedOut == 204, "logout answered " + loggedOut);
        for (String path : PROTECTED) {
            refused(path, access);
        }
        app.post("/api/v1/accounts/tokens/refresh", null, Map.of("refreshToken", refreshToken)).expectProblem(401);
    }

    private void refused(String path, String token) {
        Answer answer = app.send(app.request(path, null).header("Authorization", "Bearer " + token).GET().build());
        answer.expectProblem(401);
        String challenge = answer.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer"), () -> path + " challenge: " + challenge);
    }

    private static String b64(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String signed(String header, String claims, PrivateKey key) throws Exception {
        String input = b64(header) + "." + b64(claims);
        if (key == null) {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("guessed-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        }
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(rsa.sign());
    }
}
