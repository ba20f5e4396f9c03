package dev.strangler.cli.lab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One process of the lab: an instance of an app with its effective ports (the topology's, overridden by the port
 * settings), its environment templates (the app's with the instance's on top), jar and health URL template.
 */
public record LabProcess(String name, String app, Map<String, Integer> ports, Map<String, String> portSettings,
                         String jar, List<String> args, String health, Map<String, String> env,
                         Map<String, String> links) {

    public LabProcess {
        ports = new LinkedHashMap<>(ports);
        portSettings = new LinkedHashMap<>(portSettings);
        args = List.copyOf(args);
        env = new LinkedHashMap<>(env);
        links = new LinkedHashMap<>(links);
    }

    /** The {@code http} port. */
    public int port() {
        return ports.get(LabTopology.HTTP_PORT);
    }

    /** The ports for a table: {@code 8080, admin 8090}. */
    public String describePorts() {
        StringBuilder text = new StringBuilder();
        ports.forEach((name, port) -> text.append(text.isEmpty() ? "" : ", ")
                .append(name.equals(LabTopology.HTTP_PORT) ? "" : name + " ").append(port));
        return text.toString();
    }
}
