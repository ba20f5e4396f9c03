package dev.strangler.cli.routes;

import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminCall;
import dev.strangler.cli.admin.AdminClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strangler routes apply FILE}: replaces the whole table with a YAML or JSON file. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replaces the route table with FILE (YAML, or JSON when it ends in .json) through PUT /admin/routes.",
            "%nThe proxy checks the whole table first and refuses it with every problem listed; see `routes diff FILE` "
                    + "for what would change."})
final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Mixin
    Change change;

    @Parameters(paramLabel = "FILE", description = "The route table.")
    Path file;

    @Option(names = "--if-match", paramLabel = "EPOCH",
            description = "Only if the table serving now is still this epoch (else refused: someone changed it meanwhile).")
    Long ifMatch;

    @Override
    public Integer call() {
        String table = read(file);
        String type = file.getFileName().toString().endsWith(".json") ? "application/json" : "application/yaml";
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (ifMatch != null) {
            headers.put("If-Match", "\"" + ifMatch + "\"");
        }
        if (change.reason != null) {
            headers.put("X-Change-Reason", change.reason);
        }
        try (AdminClient admin = call.client()) {
            Change.print(admin.send("PUT", change.path("/admin/routes"), type, table, headers), call.json(),
                    spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.input("cannot read the route table " + file + ": " + e);
        }
    }
}
