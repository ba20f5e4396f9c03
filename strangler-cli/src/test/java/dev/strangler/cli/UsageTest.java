package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options checked before anything is read or sent: each wrong one is a usage error saying what is wrong. */
class UsageTest {

    private static final String[] REPLAY = {"replay", "--capture", "c.jsonl", "--legacy", "http://127.0.0.1:1",
        "--candidate", "http://127.0.0.1:2"};

    private static String[] replayWith(String... more) {
        String[] args = new String[REPLAY.length + more.length];
        System.arraycopy(REPLAY, 0, args, 0, REPLAY.length);
        System.arraycopy(more, 0, args, REPLAY.length, more.length);
        return args;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--concurrency|0|--concurrency must be at least 1, was 0",
        "--max-mismatch-rate|1.5|--max-mismatch-rate must be between 0 and 1, was 1.5",
        "--speed|0|--speed must be more than 0, was 0.0",
        "--rate|0/s|--rate must be a number of requests per second above 0",
        "--timeout|0|--timeout must be more than 0 seconds",
        "--learned-noise-min-pairs|-1|--learned-noise-min-pairs must be 0 or more, was -1"})
    void aWrongReplayOptionIsAUsageError(String option, String value, String message) {
        Cli.Run run = Cli.run(replayWith(option, value));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(message).contains("Usage: strangler replay");
    }

    @Test
    void aBaseUrlHasNoQuery() {
        Cli.Run run = Cli.run("replay", "--capture", "c.jsonl", "--legacy", "http://127.0.0.1:1", "--candidate",
                "http://h/?q=1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--candidate must be a base URL without query or fragment");
    }

    @Test
    void aSandboxHeaderMustBeNameColonValue() {
        Cli.Run run = Cli.run(replayWith("--allow-writes", "--sandbox-header", "X-Sandbox"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--sandbox-header 'X-Sandbox' is not NAME:VALUE");
    }

    @Test
    void captureAloneOrNoCommandIsAUsageError() {
        assertThat(Cli.run("capture").err()).contains("give a command: capture export");
        assertThat(Cli.run("capture").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--max-drift|-1|--max-drift must be 0 or more, was -1",
        "--max-listed|0|--max-listed must be at least 1, was 0",
        "--fetch-size|0|--fetch-size must be at least 1, was 0",
        "--route|checkout|--route needs --proxy-admin URL",
        "--proxy-admin|http://127.0.0.1:9901|--proxy-admin needs at least one --route",
        "--since|yesterday|--since must be an ISO-8601 instant"})
    void aWrongDriftCheckOptionIsAUsageError(String option, String value, String message) {
        Cli.Run run = Cli.run("drift", "check", "--spec", "../migration-playbooks/playbooks/drift/orders.yaml",
                option, value);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(message);
    }

    @Test
    void driftAloneOrAMissingSpecIsAUsageError() {
        assertThat(Cli.run("drift").err()).contains("give a command: drift check");
        Cli.Run missing = Cli.run("drift", "check", "--spec", "no-such-spec.yaml");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("strangler drift check: cannot read the drift spec no-such-spec.yaml");
    }

    @Test
    void exportChecksItsOptions() {
        Cli.Run admin = Cli.run("capture", "export", "--admin", "ftp://127.0.0.1:9090");
        assertThat(admin.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(admin.err()).contains("--admin must be an http(s) URL");
        Cli.Run limit = Cli.run("capture", "export", "--admin", "http://127.0.0.1:9090", "--limit", "0");
        assertThat(limit.err()).contains("--limit must be at least 1, was 0");
    }

    @Test
    void versionAndHelpExitZero() {
        assertThat(Cli.run("--version").out()).startsWith("strangler ");
        assertThat(Cli.run("capture", "export", "--help").exitCode()).isZero();
    }
}
