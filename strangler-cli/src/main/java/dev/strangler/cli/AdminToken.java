package dev.strangler.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The proxy's admin token, from a file or an environment variable, never from the command line (it would show in
 * process lists, shell history and CI logs).
 */
public final class AdminToken {

    private AdminToken() {}

    /**
     * The token in {@code file} when given, else in the environment variable {@code envName}; a usage error
     * naming {@code fileOption} when there is none.
     */
    public static String read(Path file, String fileOption, String envName, Map<String, String> env,
                              CommandLine command) {
        String token;
        if (file != null) {
            try {
                token = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw CliFailure.input("cannot read the token file " + file + ": " + e);
            }
        } else {
            token = env.get(envName);
        }
        if (token == null || token.isBlank()) {
            throw new ParameterException(command, "no admin token: give " + fileOption + " FILE or set " + envName
                    + (file == null ? "" : " (" + file + " is empty)"));
        }
        return token;
    }
}
