package io.huiketang.kit.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service (its quarkus-run.jar) started as a real process against the stack, as
 * dev/run starts it: for black-box tests and benchmarks.
 */
public final class ServiceProcess implements AutoCloseable {

    /** dev/run's JVM options for a service (HUIKETANG_SERVICE_JAVA_OPTS in dev/lib/config.sh): keep both alike. */
    static final String DEFAULT_JAVA_OPTS = "-Xmx384m";

    /**
     * The secrets of every service this JVM starts: a packaged service runs the prod profile, which
     * refuses the built-in local ones (platform-kit's ProductionSecrets). Generated once per JVM, so
     * the services of one run agree (lookup hashes) and a restarted one reads what it wrote; what the
     * caller's environment or {@code env} sets wins. A database that outlives the run was written
     * with other keys: whoever starts a service on one empties it first ({@link ServiceDatabases}).
     */
    private static final Map<String, String> RUN_SECRETS = Map.of(
            "HUIKETANG_FIELD_KEY", randomSecret(),
            "HUIKETANG_LOOKUP_KEY", randomSecret(),
            "HUIKETANG_WECHAT_SECRET", randomSecret(),
            "HUIKETANG_LIVEKIT_API_SECRET", randomSecret());

    private final String module;
    private final Map<String, String> env;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final long startupMillis;

    private ServiceProcess(String module, Map<String, String> env, Process process, int port, int managementPort,
            long startupMillis) {
        this.module = module;
        this.env = Map.copyOf(env);
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.startupMillis = startupMillis;
    }

    /**
     * Starts {@code module}'s jar and waits until it is ready; its management interface (health,
     * metrics, /q/openapi) on a free port of its own.
     *
     * @param port the HTTP port (see {@link #freePort()})
     * @param env  extra environment (e.g. settings of this run)
     */
    public static ServiceProcess start(String module, int port, Map<String, String> env)
            throws IOException, InterruptedException {
        return start(module, port, freePort(), env);
    }

    /** Starts {@code module}'s jar with its HTTP and management ports given, and waits until it is ready. */
    public static ServiceProcess start(String module, int port, int managementPort, Map<String, String> env)
            throws IOException, InterruptedException {
        Path root = repoRoot();
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " does not exist: package " + module
                    + " first (./mvnw verify builds it before the modules that start it; so do dev/test and dev/bench)");
        }
        Path log = Path.of("target").toAbsolutePath().resolve(module + "-process.log");
        Files.createDirectories(log.getParent());
        // Appended to, so that the log of a process killed in a test survives its restart
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(javaOptions());
        command.addAll(profiling(module));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        RUN_SECRETS.forEach(builder.environment()::putIfAbsent);
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        long started = System.nanoTime();
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return new ServiceProcess(module, env, process, port, managementPort,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException(module + " was not ready within 90 s; see " + log);
    }

    /** Kills the process with SIGKILL, as a crash or the kernel's OOM killer would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Starts the same module again with the same port and environment (after {@link #kill()} or a close). */
    public ServiceProcess restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException(module + " is still running");
        }
        return start(module, port, managementPort, env);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface: {@code managementUrl() + "/q/metrics"}, {@code "/q/health/ready"}, {@code "/q/openapi"}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int port() {
        return port;
    }

    /** Time from process start to the first successful readiness answer. */
    public long startupMillis() {
        return startupMillis;
    }

    /** Resident memory of the process now, in MB (Linux). */
    public long rssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /**
     * CPU time the process has used so far (user + system, in milliseconds, 10 ms resolution), from
     * /proc/&lt;pid&gt;/stat: the difference over N requests is what each request costs, whatever the
     * load on the machine.
     */
    public long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10;
    }

    public long pid() {
        return process.pid();
    }

    public String module() {
        return module;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The repository root: the parent of the module whose tests run. */
    public static Path repoRoot() {
        String configured = System.getProperty("huiketang.repo.root");
        return configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
    }

    /** This run's value of a secret the services get ({@code HUIKETANG_LIVEKIT_API_SECRET}, ...), e.g. to sign a webhook. */
    public static String runSecret(String env) {
        String value = RUN_SECRETS.get(env);
        if (value == null) {
            throw new IllegalArgumentException("not a secret of this run: " + env);
        }
        return System.getenv().getOrDefault(env, value);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A port that is free now, to give to a service we are about to start. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A JFR recording of the whole run when {@code -Dservicetests.profile} names the module (or is
     * {@code all}): written to target/profiles/&lt;module&gt;.jfr when the process stops (dev/bench --profile).
     */
    private static List<String> profiling(String module) throws IOException {
        String profiled = System.getProperty("servicetests.profile", "");
        if (!profiled.equals("all") && !List.of(profiled.split(",")).contains(module)) {
            return List.of();
        }
        Path profiles = Path.of("target/profiles").toAbsolutePath();
        Files.createDirectories(profiles);
        return List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                + profiles.resolve(module + ".jfr"), "-XX:FlightRecorderOptions=stackdepth=256");
    }

    /**
     * The services' JVM options: {@code -Dservicetests.java-opts}, else HUIKETANG_SERVICE_JAVA_OPTS (what
     * dev/run gives the jars), else the same default as dev/run's (dev/lib/config.sh).
     */
    private static List<String> javaOptions() {
        String options = System.getProperty("servicetests.java-opts",
                System.getenv().getOrDefault("HUIKETANG_SERVICE_JAVA_OPTS", DEFAULT_JAVA_OPTS));
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    /** The JDK the services run on: {@code -Dservicetests.java-home} (dev/bench compares JDKs), else this JVM's. */
    private static String javaBin() {
        String home = System.getProperty("servicetests.java-home", System.getProperty("java.home"));
        return home + File.separator + "bin" + File.separator + "java";
    }
}
