package dev.strangler.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs (a lab process, or the playbook run that holds a runner lease). The JDK's
 * {@link ProcessHandle#isAlive()} stays true for a zombie: a process that has exited and waits for its parent to collect
 * its status. The lab's processes outlive the command that started them,
 * so their parent becomes the machine's init, and an init that collects late (seen in a container here: 1–2 s after
 * each exit) would make every {@code lab down} wait that long per process for processes already gone.
 */
public final class ProcessLiveness {

    private ProcessLiveness() {
    }

    /** Alive and not merely waiting to be collected. */
    public static boolean running(ProcessHandle handle) {
        return handle.isAlive() && !exited(handle.pid());
    }

    /**
     * Whether Linux's {@code /proc/<pid>/stat} says the process has exited (state Z, zombie, or X, dead); false where
     * there is no such file (another OS, or the process is gone entirely), which leaves the JDK's answer standing.
     */
    static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (command) S ...": the command may hold spaces and parentheses, so the state follows the last ')'.
            int end = stat.lastIndexOf(')');
            if (end < 0 || end + 2 >= stat.length()) {
                return false;
            }
            char state = stat.charAt(end + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
