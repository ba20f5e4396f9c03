package dev.strangler.cli;

import dev.strangler.cli.capture.CaptureCommand;
import dev.strangler.cli.drift.DriftCommand;
import dev.strangler.cli.extract.ExtractCommand;
import dev.strangler.cli.lab.LabCommand;
import dev.strangler.cli.playbook.PlaybookCommand;
import dev.strangler.cli.replay.ReplayCommand;
import dev.strangler.cli.routes.RoutesCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top command, {@code strangler}: only a parent for the subcommands. */
@Command(name = "strangler", mixinStandardHelpOptions = true, versionProvider = StranglerCommand.Version.class,
        description = "Tools for moving a legacy HTTP monolith to new services one route at a time.",
        subcommands = {ReplayCommand.class, CaptureCommand.class, DriftCommand.class, RoutesCommand.class,
            StatusCommand.class, ExtractCommand.class, LabCommand.class, PlaybookCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done; for replay: the mismatch rate is within --max-mismatch-rate; for drift check: drift within --max-drift; for playbook run: every step passed",
            "1:replay: the mismatch rate is over --max-mismatch-rate; drift check: drift over --max-drift; playbook run: a gate failed (rolled back automatically, or a report it needs says no)",
            "2:usage error (a wrong or missing option; for drift check also a bad drift spec); for routes: the admin API refused the change (4xx)",
            "3:input or connection problem (a bad capture line, a file, a server or database that can't be reached)",
            "4:the admin API refused the token (401/403)",
            "5:extract: the module or the route exists already (nothing was changed); playbook run: stopped because the playbook was rolled back or moved by someone else",
            "70:internal error (a bug; the stack trace is printed)"})
public final class StranglerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a command: replay, capture export, drift check, routes, status, playbook, extract or lab");
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = StranglerCommand.class.getPackage().getImplementationVersion();
            return new String[] {"strangler " + (version == null ? "(development build)" : version)};
        }
    }
}
