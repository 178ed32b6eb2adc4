package io.huiketang.systemtests.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.ServiceProcess;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Each service's start (process start to its first answered readiness check, database migrations
 * included) and its resident memory after warm-up. account-service, meeting-service and the
 * gateway are warmed up by real traffic through the gateway; the services not built yet
 * (recording, chat, privacy) only by their health and metrics endpoints.
 */
@Tag("benchmark")
class ServiceFootprintBenchmark {

    private static final List<String> NOT_BUILT_YET = List.of("recording-service", "chat-service", "privacy-service");

    @Test
    void startTimeAndMemoryOfEachService() throws Exception {
        Platform platform = Platform.get();
        List<ServiceProcess> bare = new ArrayList<>();
        try {
            for (String module : NOT_BUILT_YET) {
                bare.add(ServiceProcess.start(module, ServiceProcess.freePort(), Map.of()));
            }
            Client app = platform.client();
            for (int i = 0; i < 20; i++) {
                Person person = app.registerAdult("热身用户" + i);
                for (int j = 0; j < 10; j++) {
                    app.get("/api/v1/accounts/me", person.token()).expect(200);
                }
                String number = app.post("/api/v1/meetings", person.token(), Map.of("topic", "热身", "kind", "INSTANT"))
                        .expect(201).get("number").asText();
                app.post("/api/v1/meetings/join", person.token(), Map.of("number", number)).expect(200);
            }
            HttpClient http = HttpClient.newHttpClient();
            for (ServiceProcess service : bare) {
                for (int i = 0; i < 200; i++) {
                    for (String path : List.of("/q/health/ready", "/q/metrics")) {
                        http.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + path)).build(),
                                HttpResponse.BodyHandlers.discarding());
                    }
                }
            }
            BenchmarkReport report = new BenchmarkReport("services: start and memory",
                    "Each service's packaged jar (java -Xmx384m -jar) against the stack: time from process start to "
                            + "its first ready answer (Flyway migrations included), and resident memory (VmRSS) after "
                            + "warm-up: 20 people registering, reading their profile and joining meetings through "
                            + "the gateway; the services not built yet only answer health and metrics.");
            List<ServiceProcess> all = new ArrayList<>(List.of(platform.service("account-service"),
                    platform.service("meeting-service"), platform.service("gateway")));
            all.addAll(bare);
            for (ServiceProcess service : all) {
                report.figure(service.module() + ": start to first ready answer", service.startupMillis() + " ms");
                report.figure(service.module() + ": RSS after warm-up", service.rssMegabytes() + " MB");
            }
            report.write("services.md");
        } finally {
            for (ServiceProcess service : bare) {
                service.close();
            }
        }
    }
}
