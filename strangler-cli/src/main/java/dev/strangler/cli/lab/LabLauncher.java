package dev.strangler.cli.lab;

import dev.strangler.cli.CliFailure;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the lab's processes ({@code java -jar}, in a session of their own so they outlive the command and a Ctrl-C
 * at its terminal), finds the ones it started by their pid files, and stops them: SIGTERM, then SIGKILL after a timeout.
 */
final class LabLauncher {

    /** Puts a process in a new session (util-linux); without it the process stays in the command's. */
    static final Path SETSID = Path.of("/usr/bin/setsid");
    /** How often a stopping process is checked. */
    static final Duration EXIT_POLL_INTERVAL = Duration.ofMillis(50);

    private final Path root;
    private final LabState state;
    private final List<String> javaOptions;

    LabLauncher(Path root, LabState state, List<String> javaOptions) {
        this.root = root;
        this.state = state;
        this.javaOptions = List.copyOf(javaOptions);
    }

    /** The process the pid file names, when it still runs a jar (a pid reused by another program doesn't count). */
    Optional<ProcessHandle> running(LabProcess process) {
        return state.pid(process.name()).flatMap(ProcessHandle::of).filter(ProcessLiveness::running)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(process.jar())).orElse(true));
    }

    /** Starts the process with {@code env} added to this command's environment, its output appended to its log. */
    ProcessHandle start(LabProcess process, Map<String, String> env) {
        Path jar = root.resolve(process.jar());
        if (!Files.isRegularFile(jar)) {
            throw CliFailure.input(jar + " is not built: mvn -B -q -DskipTests package (or ./lab up, which builds it)");
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // execs the JVM in place: the pid stays the JVM's
        }
        command.add(javaBinary());
        command.addAll(javaOptions);
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // Netty's buffers, quiet on new JDKs
        }
        command.addAll(List.of("-jar", process.jar()));
        command.addAll(process.args());
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.log(process.name()).toFile()));
        builder.environment().putAll(env);
        try {
            Process started = builder.start();
            state.recordPid(process.name(), started.pid());
            return started.toHandle();
        } catch (IOException e) {
            throw CliFailure.input("cannot start " + process.name() + ": " + e.getMessage());
        }
    }

    /** SIGTERM, then SIGKILL when it hasn't exited within {@code timeout}; true when it had to be killed. */
    boolean stop(ProcessHandle handle, Duration timeout) {
        handle.destroy();
        if (awaitExit(handle, timeout)) {
            return false;
        }
        handle.destroyForcibly();
        awaitExit(handle, timeout);
        return true;
    }

    /** Whether something listens on the loopback port. */
    static boolean portTaken(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the process ended within the timeout. Polled: the lab's processes outlive the command that started them,
     * and the JDK's onExit for a process that is not a child polls with a back-off (300 ms, then longer) and, like
     * isAlive, waits for an exited process to be collected ({@link ProcessLiveness}).
     */
    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessLiveness.running(handle)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(EXIT_POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !ProcessLiveness.running(handle);
            }
        }
        return true;
    }

    /** The java running this command, so every process gets the same JDK. */
    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
