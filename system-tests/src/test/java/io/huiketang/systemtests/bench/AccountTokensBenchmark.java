package io.huiketang.systemtests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.ServiceDatabases;
import io.huiketang.kit.testing.ServiceProcess;

/**
 * account-service as a real process: from a verified SMS code to issued tokens, and what verifying
 * a token costs a consuming service. Figures, not assertions (run by dev/bench).
 */
@Tag("benchmark")
class AccountTokensBenchmark {

    private static final int ACCOUNTS = 200;
    private static final int REQUESTS = 2000;

    @Test
    void codeToTokensAndTokenVerification() throws Exception {
        int port = ServiceProcess.freePort();
        String base = "http://127.0.0.1:" + port;
        Path sms = Path.of("target/bench-sms.log").toAbsolutePath();
        Files.deleteIfExists(sms);
        BenchmarkReport report = new BenchmarkReport("account-service: tokens",
                "A packaged account-service against the stack, driven sequentially over loopback by one client. "
                        + "`login` is POST /api/v1/accounts/logins: the SMS code is verified in Redis, a session and "
                        + "a refresh token are written to PostgreSQL (with a session event in the outbox) and an ES256 "
                        + "access token is signed. `/me` needs the token verified (quarkus-oidc: ES256 signature, "
                        + "claims, then the revoked-session check in Redis) plus one row read; the public discovery "
                        + "document needs neither. `ES256 verify` is jose4j alone, in this JVM.");
        PlatformClient client = new PlatformClient(base, sms);
        try (ServiceProcess account = ServiceProcess.start("account-service", port, Map.of(
                // Its own database, emptied: never dev/run's, whose data has other secrets (ServiceProcess)
                "QUARKUS_DATASOURCE_JDBC_URL", ServiceDatabases.empty("account", "account_bench"),
                "HUIKETANG_ACCOUNT_URL", base,
                "HUIKETANG_SMS_OUTBOX", sms.toString(),
                "HUIKETANG_ACCOUNT_CODES_RESEND_AFTER", "PT1S"))) {
            report.figure("start to first ready answer", account.startupMillis() + " ms");

            Latencies register = new Latencies();
            List<String> phones = new ArrayList<>();
            String token = null;
            for (int i = 0; i < ACCOUNTS; i++) {
                String phone = client.newPhone();
                String code = client.requestCode(phone);
                long t0 = System.nanoTime();
                JsonNode registered = client.post(base + "/api/v1/accounts/registrations", null,
                        PlatformClient.registration(phone, code), 201);
                register.record(System.nanoTime() - t0);
                phones.add(phone);
                token = registered.get("tokens").get("accessToken").asText();
            }
            Thread.sleep(1100); // the resend pause of the last registration's number
            Latencies login = new Latencies();
            for (String phone : phones) {
                String code = client.requestCode(phone);
                long t0 = System.nanoTime();
                client.post(base + "/api/v1/accounts/logins", null, Map.of("phone", phone, "code", code), 200);
                login.record(System.nanoTime() - t0);
            }
            report.latency("register (code verified -> account + tokens)", register);
            report.latency("login (code verified -> tokens)", login);

            Latencies me = new Latencies();
            Latencies discovery = new Latencies();
            for (int i = 0; i < REQUESTS; i++) {
                me.record(client.timeGet(base + "/api/v1/accounts/me", token));
                discovery.record(client.timeGet(base + "/.well-known/openid-configuration", null));
            }
            report.latency("GET /api/v1/accounts/me with a token", me);
            report.latency("GET discovery document (public, no token)", discovery);

            JsonWebKeySet jwks = new JsonWebKeySet(client.get(base + "/.well-known/jwks.json"));
            JwtConsumer consumer = new JwtConsumerBuilder().setVerificationKeyResolver(
                    new JwksVerificationKeyResolver(jwks.getJsonWebKeys())).setExpectedIssuer(base)
                    .setExpectedAudience("huiketang").setRequireExpirationTime().build();
            for (int i = 0; i < 2000; i++) {
                consumer.processToClaims(token); // warm-up
            }
            int rounds = 20_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                consumer.processToClaims(token);
            }
            double micros = (System.nanoTime() - t0) / 1000.0 / rounds;
            report.figure("ES256 verify + claim checks (jose4j, in process)",
                    String.format(Locale.ROOT, "%.1f µs per token, %.0f per second on one core", micros, 1e6 / micros));
            report.figure("account-service RSS after the run", account.rssMegabytes() + " MB");
        }
        report.write("account-tokens.md");
    }
}
