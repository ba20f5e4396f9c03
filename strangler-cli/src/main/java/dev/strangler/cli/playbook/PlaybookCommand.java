package dev.strangler.cli.playbook;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strangler playbook}: only a parent for the commands that run playbooks and read and change their journal. */
@Command(name = "playbook", mixinStandardHelpOptions = true,
        description = "Runs a migration playbook against the proxy, step by step behind its gates, and reads or changes "
                + "where each subdomain's playbook stands (the proxy's playbook journal).",
        subcommands = {RunCommand.class, PlaybookStatusCommand.class, NextCommand.class, PlaybookRollbackCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:run: a gate failed (breached and rolled back automatically, or a report it needs says no)",
            "2:usage error, an invalid playbook, a journal that disagrees with it; the admin API refused a change",
            "3:the admin API can't be reached or answers a server error; a file can't be read",
            "4:the admin API refused the token (401/403)",
            "5:run: stopped because the playbook was rolled back (playbook rollback) or another run moved it"})
public final class PlaybookCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a command: run, status, next or rollback");
    }
}
