package dev.strangler.cli.extract;

import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A route table file with an {@link ExtractRoute} added. The route (and the backend, when new) are inserted as text
 * after the last route (and backend), indented like them, so the file's comments and layout stay; the result is read
 * back and must be exactly the table with the route added. A layout that can't be edited so (flow style, no routes
 * yet) is written out anew by the proxy's codec instead, which drops comments: {@link Edit#rewritten()} says so.
 */
public final class RouteFile {

    /** The new text of the file, and whether it had to be rewritten rather than edited. */
    public record Edit(String text, boolean rewritten) {}

    private RouteFile() {}

    /**
     * {@code text} (a route table, validated by the proxy's reader: an invalid one throws its
     * {@link dev.strangler.proxy.route.InvalidRouteTableException}) with {@code extract} added.
     */
    public static Edit add(String text, ExtractRoute extract) {
        RouteTableDefinition before = RouteTableCodec.parse(text);
        RouteTableDefinition expected = extract.addTo(before);
        Optional<String> edited = insert(text, extract, extract.backendIn(before));
        if (edited.isPresent() && sameTable(edited.get(), expected)) {
            return new Edit(edited.get(), false);
        }
        return new Edit(RouteTableCodec.toYaml(expected), true);
    }

    private static boolean sameTable(String text, RouteTableDefinition expected) {
        try {
            return RouteTableCodec.parse(text).equals(expected);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The text with the route's (and backend's) lines inserted; empty when the layout is not one we edit. */
    static Optional<String> insert(String text, ExtractRoute extract, boolean backendExists) {
        Node root;
        try {
            root = new Yaml().compose(new StringReader(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!(root instanceof MappingNode table)) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        Optional<Node> routes = value(table, "routes");
        Optional<Node> backends = value(table, "backends");
        if (routes.isEmpty() || !(routes.get() instanceof SequenceNode list) || !block(list) || list.getValue().isEmpty()
                || (!backendExists && (backends.isEmpty() || !(backends.get() instanceof MappingNode map) || !block(map)
                        || map.getValue().isEmpty()))) {
            return Optional.empty();
        }
        Node firstRoute = list.getValue().get(0);
        int column = firstRoute.getStartMark().getColumn();
        int dash = lines.get(firstRoute.getStartMark().getLine()).lastIndexOf('-', column - 1);
        if (dash < 0) {
            return Optional.empty();
        }
        List<Insertion> insertions = new ArrayList<>();
        insertions.add(new Insertion(lastLine(list), routeLines(extract, dash, column)));
        if (!backendExists) {
            MappingNode map = (MappingNode) backends.get();
            int keyColumn = map.getValue().get(0).getKeyNode().getStartMark().getColumn();
            insertions.add(new Insertion(lastLine(map), List.of(" ".repeat(keyColumn) + extract.backendName() + ":",
                    " ".repeat(keyColumn + 2) + "service: " + extract.backend().service())));
        }
        // The later insertion first, so the earlier one's line number still holds.
        insertions.sort((a, b) -> Integer.compare(b.after, a.after));
        insertions.forEach(i -> lines.addAll(i.after + 1, i.lines));
        return Optional.of(String.join("\n", lines));
    }

    private record Insertion(int after, List<String> lines) {}

    private static List<String> routeLines(ExtractRoute extract, int dash, int column) {
        String item = " ".repeat(column);
        return List.of(
                " ".repeat(dash) + "- id: " + extract.route().id(),
                item + "# Scaffolded by `strangler extract`: legacy serves it until flipped to " + extract.backendName() + ".",
                item + "match:",
                item + "  path: " + extract.route().match().path(),
                item + "target: legacy");
    }

    private static Optional<Node> value(MappingNode map, String key) {
        for (NodeTuple tuple : map.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
                return Optional.of(tuple.getValueNode());
            }
        }
        return Optional.empty();
    }

    private static boolean block(CollectionNode<?> node) {
        return node.getFlowStyle() == DumperOptions.FlowStyle.BLOCK;
    }

    /**
     * The 0-based line a node's text ends on. A block collection ends where the next token starts (after any comments
     * in between), so its last scalar or flow collection tells instead.
     */
    static int lastLine(Node node) {
        if (node instanceof SequenceNode seq && block(seq) && !seq.getValue().isEmpty()) {
            return lastLine(seq.getValue().get(seq.getValue().size() - 1));
        }
        if (node instanceof MappingNode map && block(map) && !map.getValue().isEmpty()) {
            return lastLine(map.getValue().get(map.getValue().size() - 1).getValueNode());
        }
        var end = node.getEndMark();
        return end.getColumn() == 0 && end.getLine() > 0 ? end.getLine() - 1 : end.getLine();
    }
}
