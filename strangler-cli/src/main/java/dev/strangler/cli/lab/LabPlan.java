package dev.strangler.cli.lab;

import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The lab's processes in start order, from the topology and the settings (which may move their ports). */
public record LabPlan(List<LabProcess> processes) {

    public LabPlan {
        processes = List.copyOf(processes);
    }

    public static LabPlan of(LabTopology topology, LabSettings settings) {
        List<LabProcess> processes = new ArrayList<>();
        Map<Integer, String> taken = new HashMap<>();
        for (LabTopology.App app : topology.apps()) {
            LabTopology.Lab lab = app.lab();
            Map<String, List<Integer>> overrides = new HashMap<>();
            lab.ports().forEach((port, setting) -> overrides.put(port, settings.ports(setting)));
            for (int i = 0; i < lab.instances().size(); i++) {
                LabTopology.Instance instance = lab.instances().get(i);
                Map<String, Integer> ports = new LinkedHashMap<>();
                for (Map.Entry<String, Integer> port : instance.ports().entrySet()) {
                    List<Integer> listed = overrides.get(port.getKey());
                    int effective = i < listed.size() ? listed.get(i) : port.getValue();
                    String before = taken.putIfAbsent(effective, instance.process());
                    if (before != null) {
                        throw new CliFailure(ExitCodes.USAGE, "port " + effective + " is given to both " + before + " and "
                                + instance.process() + " (see " + String.join(", ", lab.ports().values()) + ")");
                    }
                    ports.put(port.getKey(), effective);
                }
                Map<String, String> env = new LinkedHashMap<>(lab.env());
                env.putAll(instance.env());
                processes.add(new LabProcess(instance.process(), app.name(), ports, lab.ports(), lab.jar(), lab.args(),
                        lab.health(), env, lab.links()));
            }
        }
        return new LabPlan(processes);
    }

    /** The process of that name. */
    public Optional<LabProcess> process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The first process of an app. */
    public Optional<LabProcess> firstOf(String app) {
        return processes.stream().filter(p -> p.app().equals(app)).findFirst();
    }

    /** The processes in stop order: the reverse of start order. */
    public List<LabProcess> stopOrder() {
        return processes.reversed();
    }
}
