package dev.strangler.cli.extract;

import java.nio.file.Path;

/** The module or the route {@code extract} would make is there already: nothing is overwritten. */
public final class AlreadyExistsException extends IllegalStateException {

    public AlreadyExistsException(Path module) {
        super(module + " already exists: not overwritten (choose another subdomain, or remove the folder first)");
    }

    public AlreadyExistsException(String message) {
        super(message);
    }
}
