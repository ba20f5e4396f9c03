package dev.strangler.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.Main;
import dev.strangler.testsupport.FreePort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code strangler lab} on a topology of its own whose apps are {@link FakeApp} processes: up in order waiting for
 * health, status, prefixed logs, down; a process that exits and a port already taken fail {@code up} saying why.
 */
class LabProcessesIT {

    @TempDir
    Path root;

    private final int first = FreePort.find();
    private int second;
    private int third;

    /** The command's exit code and both streams. */
    record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void aJarOfTheFakeApp() throws Exception {
        second = otherPort(first);
        third = otherPort(first, second);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeApp.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                FakeApp.class.getProtectionDomain().getCodeSource().getLocation().toString());
        try (OutputStream out = Files.newOutputStream(root.resolve("fake.jar")); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    @AfterEach
    void down() {
        lab("down");
    }

    @Test
    void upStartsEachProcessOnceTheOneBeforeIsHealthyAndDownStopsThemAll() throws IOException {
        topology("");

        Run up = lab("up");

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).containsSubsequence("lab: started fake-monolith", "ready", "lab: started fake-proxy-1", "ready",
                "lab: started fake-proxy-2", "ready", "lab: up in");
        List<Long> pids = new ArrayList<>();
        for (String process : List.of("fake-monolith", "fake-proxy-1", "fake-proxy-2")) {
            pids.add(Long.parseLong(Files.readString(root.resolve(".lab/pids/" + process + ".pid")).strip()));
        }
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue()));
        assertThat(lab("status").out()).containsPattern("(?m)^fake-proxy-2\\s+up\\s+" + pids.get(2) + "\\s+" + third + "\\s+.lab/logs/fake-proxy-2.log$")
                .contains("fake-proxy-2         public     http://127.0.0.1:" + third);
        assertThat(lab("logs", "--no-follow").out()).contains("fake-monolith | fake app monolith ready",
                "fake-proxy-1  | fake app proxy one ready", "fake-proxy-2  | fake app proxy two ready");

        Run down = lab("down");

        assertThat(down.out()).containsSubsequence("stopping fake-proxy-2", "stopping fake-proxy-1", "stopping fake-monolith")
                .contains("lab: stopped 3 processes");
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessLiveness::running)).isEmpty());
        assertThat(lab("status").out()).containsPattern("(?m)^fake-monolith\\s+down\\s+-\\s");
    }

    @Test
    void downWithNamesStopsOnlyThoseAndUpStartsThemAgain() throws IOException {
        topology("");
        assertThat(lab("up").exitCode()).isZero();
        long monolith = Long.parseLong(Files.readString(root.resolve(".lab/pids/fake-monolith.pid")).strip());
        long proxyOne = Long.parseLong(Files.readString(root.resolve(".lab/pids/fake-proxy-1.pid")).strip());

        Run down = lab("down", "fake-proxy-2");

        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.out()).contains("stopping fake-proxy-2", "lab: stopped 1 processes").doesNotContain("stopping fake-proxy-1");
        assertThat(lab("status").out()).containsPattern("(?m)^fake-proxy-2\\s+down\\s").containsPattern("(?m)^fake-proxy-1\\s+up\\s");
        Run again = lab("up");
        assertThat(again.out()).contains("fake-monolith already running (pid " + monolith + ")",
                "fake-proxy-1 already running (pid " + proxyOne + ")", "lab: started fake-proxy-2");
    }

    @Test
    void downWithAnUnknownNameStopsNothingAndNamesTheLabsProcesses() throws IOException {
        topology("");
        assertThat(lab("up").exitCode()).isZero();

        Run down = lab("down", "fake-proxy-3");

        assertThat(down.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(down.err()).contains("no lab process fake-proxy-3 (the lab's: fake-monolith, fake-proxy-1, fake-proxy-2)");
        assertThat(lab("status").out()).containsPattern("(?m)^fake-proxy-2\\s+up\\s");
    }

    @Test
    void aProcessThatExitsFailsUpWithTheEndOfItsLog() throws IOException {
        topology("args: [exit]");

        Run up = lab("up");

        assertThat(up.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(up.err()).contains("fake-proxy-1 exited; its log (" + root.resolve(".lab/logs/fake-proxy-1.log") + ") ends:",
                "boom: FAKE_SETTING is missing");
        assertThat(up.out()).contains("lab: started fake-monolith").doesNotContain("started fake-proxy-2");
    }

    @Test
    void aPortSomethingElseHoldsFailsUpNamingItsSetting() throws IOException {
        topology("");
        try (ServerSocket taken = new ServerSocket(second, 1, InetAddress.getLoopbackAddress())) {
            Run up = lab("up");

            assertThat(up.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(up.err()).contains("port " + second + " (fake-proxy-1) is taken: set FAKE_PROXY_PORTS to other ports");
        }
    }

    /** Two apps: a monolith, then two proxy instances ({@code proxyExtra} added to the proxy's lab block). */
    private void topology(String proxyExtra) throws IOException {
        Files.createDirectories(root.resolve("ops"));
        Files.writeString(root.resolve(LabTopology.FILE), """
                apps:
                  - name: fake-monolith
                    lab:
                      jar: fake.jar
                      health: http://127.0.0.1:${port}/health
                      ports: {http: FAKE_MONOLITH_PORT}
                      instances:
                        - {process: fake-monolith, ports: {http: %d}}
                      env: {FAKE_PORT: "${port}", FAKE_NAME: monolith}
                  - name: fake-proxy
                    lab:
                      jar: fake.jar
                      %s
                      health: http://127.0.0.1:${port}/health
                      ports: {http: FAKE_PROXY_PORTS}
                      instances:
                        - {process: fake-proxy-1, ports: {http: %d}, env: {FAKE_NAME: proxy one}}
                        - {process: fake-proxy-2, ports: {http: %d}, env: {FAKE_NAME: proxy two}}
                      env: {FAKE_PORT: "${port}", FAKE_MONOLITH: "http://127.0.0.1:${fake-monolith.port}"}
                      links: {public: "http://127.0.0.1:${port}"}
                """.formatted(first, proxyExtra, second, third));
    }

    private Run lab(String... args) {
        List<String> all = new ArrayList<>(List.of("lab"));
        all.addAll(List.of(args));
        all.addAll(List.of("--root", root.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static int otherPort(int... taken) {
        while (true) {
            int port = FreePort.find();
            if (Arrays.stream(taken).noneMatch(t -> t == port)) {
                return port;
            }
        }
    }
}
