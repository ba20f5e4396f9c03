package dev.strangler.cli.lab;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strangler lab}: only a parent for the commands running the side-by-side lab on this machine. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"The side-by-side lab on this machine, as processes defined by ops/topology.yaml: the monolith (with "
                + "its embedded PostgreSQL and Redis unless DATABASE_URL / REDIS_URL are set), the outbox relay, two "
                + "strangler proxies on the same Redis, two catalog-service instances, orders-service and its relay.",
            "%nSettings (environment): REDIS_URL, DATABASE_URL (JDBC or postgresql://, with DATABASE_USER / "
                + "DATABASE_PASSWORD), the port settings of ops/topology.yaml (LEGACY_PORT, PROXY_PORT \"8080 8088\", "
                + "ADMIN_PORT \"8090 8091\", CATALOG_PORTS \"8082 8083\", ORDERS_PORT, RELAY_PORT, ORDERS_RELAY_PORT), "
                + "ACME_SEED, LAB_START_TIMEOUT (180 s), LAB_STOP_TIMEOUT (30 s), LAB_JAVA_OPTS (\""
                + LabSettings.DEFAULT_JAVA_OPTIONS + "\")."},
        subcommands = {UpCommand.class, DownCommand.class, LabStatusCommand.class, LogsCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "2:usage error (an unknown process, a bad port setting)",
            "3:a process exited or was not ready in time, a port is taken, a jar is not built, a file can't be read"})
public final class LabCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a command: up, down, status or logs");
    }
}
