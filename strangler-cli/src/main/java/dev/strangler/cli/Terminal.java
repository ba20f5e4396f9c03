package dev.strangler.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the process talks to a person at a terminal, so progress may be redrawn in place. */
public final class Terminal {

    private Terminal() {}

    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // JDK 22+ may hand out a Console for redirected streams; its isTerminal() (absent in 21) tells.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
