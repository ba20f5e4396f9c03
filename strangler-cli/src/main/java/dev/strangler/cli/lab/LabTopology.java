package dev.strangler.cli.lab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.strangler.cli.CliFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ops/topology.yaml as the lab reads it: the secrets it generates and, per app in start order, how to run the app as
 * processes (the compose parts of the file are for ComposeMatchesLabTest).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabTopology(Map<String, Integer> labSecrets, List<App> apps) {

    /** The file, from the repository's root. */
    public static final String FILE = "ops/topology.yaml";
    /** The port every instance has: {@code ${port}}. */
    public static final String HTTP_PORT = "http";

    public LabTopology {
        labSecrets = labSecrets == null ? Map.of() : new LinkedHashMap<>(labSecrets);
        apps = apps == null ? List.of() : List.copyOf(apps);
    }

    /** One app of the topology; only its name and its lab block matter here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record App(String name, Lab lab) {}

    /** How the lab runs an app: jar and arguments, health URL, port settings, instances, environment, status links. */
    public record Lab(String jar, List<String> args, String health, Map<String, String> ports, List<Instance> instances,
                      Map<String, String> env, Map<String, String> links) {
        public Lab {
            args = args == null ? List.of() : List.copyOf(args);
            ports = ports == null ? Map.of() : new LinkedHashMap<>(ports);
            instances = instances == null ? List.of() : List.copyOf(instances);
            env = env == null ? Map.of() : new LinkedHashMap<>(env);
            links = links == null ? Map.of() : new LinkedHashMap<>(links);
        }
    }

    /** One process of an app: its name, its ports by name, environment of its own on top of the app's. */
    public record Instance(String process, Map<String, Integer> ports, Map<String, String> env) {
        public Instance {
            ports = ports == null ? Map.of() : new LinkedHashMap<>(ports);
            env = env == null ? Map.of() : new LinkedHashMap<>(env);
        }
    }

    /** Reads and checks {@value #FILE} under {@code root}; every problem in one failure. */
    public static LabTopology read(Path root) {
        Path file = root.resolve(FILE);
        LabTopology topology;
        try {
            topology = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), LabTopology.class);
        } catch (IOException e) {
            throw CliFailure.input("cannot read " + file + ": " + e.getMessage());
        }
        List<String> problems = topology.problems();
        if (!problems.isEmpty()) {
            throw CliFailure.input(file + " is not a lab definition:\n  " + String.join("\n  ", problems));
        }
        return topology;
    }

    /** What is missing or inconsistent, one sentence each. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> processes = new HashSet<>();
        if (apps.isEmpty()) {
            problems.add("no apps");
        }
        for (App app : apps) {
            Lab lab = app.lab();
            if (lab == null) {
                problems.add(app.name() + ": no lab block");
                continue;
            }
            if (lab.jar() == null || lab.health() == null) {
                problems.add(app.name() + ": lab needs jar and health");
            }
            if (!lab.ports().containsKey(HTTP_PORT)) {
                problems.add(app.name() + ": lab.ports needs the setting of its '" + HTTP_PORT + "' port");
            }
            if (lab.instances().isEmpty()) {
                problems.add(app.name() + ": lab has no instances");
            }
            for (Instance instance : lab.instances()) {
                if (instance.process() == null || !processes.add(instance.process())) {
                    problems.add(app.name() + ": an instance's process name is missing or not unique: " + instance.process());
                }
                if (!instance.ports().keySet().equals(lab.ports().keySet())) {
                    problems.add(app.name() + ": instance " + instance.process() + " has ports " + instance.ports().keySet()
                            + ", the app's settings name " + lab.ports().keySet());
                }
            }
        }
        return problems;
    }

    /** The app of that name. */
    App app(String name) {
        return apps.stream().filter(a -> Objects.equals(a.name(), name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no app " + name));
    }
}
