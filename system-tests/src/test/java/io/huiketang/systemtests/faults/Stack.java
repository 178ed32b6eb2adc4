package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.huiketang.kit.testing.ServiceProcess;

/**
 * The servers of dev/stack, stopped and started by the fault tests. Only a server the stack itself
 * started (its PID file in HUIKETANG_STACK_DIR) is ours to stop: run these tests on a private stack
 * (README), never on one that others share.
 */
final class Stack {

    private Stack() {
    }

    /** Skips the test unless dev/stack started this server. */
    static void assumeOurs(String server) {
        Path stackDir = Path.of(System.getenv().getOrDefault("HUIKETANG_STACK_DIR",
                ServiceProcess.repoRoot().resolve(".stack").toString()));
        assumeTrue(Files.exists(stackDir.resolve("pids/" + server + ".pid")),
                "this " + server + " was not started by dev/stack, so it is not ours to stop");
    }

    static void down(String server) throws IOException, InterruptedException {
        run("down", server);
    }

    static void up(String server) throws IOException, InterruptedException {
        run("up", server);
    }

    private static void run(String command, String server) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ServiceProcess.repoRoot().resolve("dev/stack").toString(), command, server)
                .inheritIO().start();
        assertEquals(0, process.waitFor(), "dev/stack " + command + " " + server);
    }
}
