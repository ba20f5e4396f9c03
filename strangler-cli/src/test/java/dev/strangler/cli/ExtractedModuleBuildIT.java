package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scaffold builds: {@code strangler extract} writes a module into a copy of the project's skeleton (its root and
 * extracted-services poms), then a nested Maven, the one running this build on the same JDK, installs what the module
 * needs from this repository (service-kit and what it depends on, without tests) and runs {@code verify} on the new
 * module: it must compile and every generated test (unit, service and contract ITs on a real Redis) must pass.
 */
class ExtractedModuleBuildIT {

    private static final Path REPO = Path.of(System.getProperty("strangler.root", "..")).toAbsolutePath().normalize();
    private static final long NESTED_TIMEOUT_SECONDS = 240;
    private static final Pattern SUMMARY = Pattern.compile("Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)\\s*$",
            Pattern.MULTILINE);

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void theGeneratedModuleCompilesAndItsGeneratedTestsPass() throws IOException {
        Path project = REPO.resolve("strangler-cli/target/extract-build-it");
        delete(project);
        Files.createDirectories(project.resolve("extracted-services"));
        Files.copy(REPO.resolve("pom.xml"), project.resolve("pom.xml"));
        Files.copy(REPO.resolve("extracted-services/pom.xml"), project.resolve("extracted-services/pom.xml"));
        Path routes = Files.copy(REPO.resolve("strangler-proxy/examples/lab-routes.yaml"), project.resolve("routes.yaml"));

        Cli.Run extract = Cli.run("extract", "inventory", "--dir", project.toString(), "--routes", routes.toString());
        assertThat(extract.exitCode()).as(extract.err()).isZero();

        long started = System.nanoTime();
        Processes.Ended install = maven(project, "-q", "install", "-DskipTests", "-f", REPO.resolve("pom.xml").toString(),
                "-pl", "extracted-services/service-kit", "-am");
        long installed = System.nanoTime();
        assertThat(install.exitCode()).as("nested install of service-kit -am:%n%s%s", install.out(), install.err()).isZero();

        Path module = project.resolve("extracted-services/inventory-service");
        Processes.Ended verify = maven(project, "verify", "-f", module.resolve("pom.xml").toString());
        long verified = System.nanoTime();
        System.out.printf("ExtractedModuleBuildIT: nested install %.1f s, generated module verify %.1f s%n",
                (installed - started) / 1e9, (verified - installed) / 1e9);

        assertThat(verify.exitCode()).as("mvn verify of the generated module:%n%s", tail(verify.out())).isZero();
        assertThat(verify.out()).contains("BUILD SUCCESS");
        List<int[]> summaries = summaries(verify.out());
        assertThat(summaries).as("a unit test run and an integration test run").hasSize(2)
                .allSatisfy(s -> assertThat(s[0]).as("tests run").isPositive())
                .allSatisfy(s -> assertThat(s[1] + s[2] + s[3]).as("failures, errors and skipped").isZero());
        assertThat(module.resolve("target/surefire-reports/TEST-dev.strangler.inventory.InventorySettingsTest.xml")).exists();
        assertThat(module.resolve("target/failsafe-reports/TEST-dev.strangler.inventory.InventoryServiceIT.xml")).exists();
        assertThat(module.resolve("target/failsafe-reports/TEST-dev.strangler.inventory.contract.InventoryContractIT.xml"))
                .exists();
        assertThat(module.resolve("target/inventory-service.jar")).exists();
    }

    /** Maven as the outer build runs it: its installation, this JDK, its local repository. */
    private static Processes.Ended maven(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(mvn(), "-B"));
        String repository = System.getProperty("strangler.maven.repo", "");
        if (!repository.isBlank() && !repository.startsWith("${")) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        command.addAll(List.of(args));
        return Processes.run(workDir, command, Map.of("JAVA_HOME", System.getProperty("java.home")), NESTED_TIMEOUT_SECONDS);
    }

    /** {@code mvn} of {@code maven.home} (set by the outer build), else {@code MAVEN_HOME}, else the one on the PATH. */
    private static String mvn() {
        for (String home : new String[] {System.getProperty("maven.home"), System.getenv("MAVEN_HOME")}) {
            if (home != null && !home.isBlank() && !home.startsWith("${") && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
                return Path.of(home, "bin", "mvn").toString();
            }
        }
        return "mvn";
    }

    /** Surefire's and failsafe's closing "Tests run: …" lines: run, failures, errors, skipped. */
    private static List<int[]> summaries(String log) {
        List<int[]> found = new ArrayList<>();
        Matcher m = SUMMARY.matcher(log.replace("\r", ""));
        while (m.find()) {
            found.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4))});
        }
        return found;
    }

    private static String tail(String log) {
        return log.length() <= 20_000 ? log : log.substring(log.length() - 20_000);
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
