package dev.strangler.cli.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminCall;
import dev.strangler.cli.admin.AdminClient;
import dev.strangler.cli.routes.Change;
import dev.strangler.proxy.route.InvalidRouteTableException;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strangler extract SUBDOMAIN}: scaffolds a new extracted service from the template, lists it in
 * {@code extracted-services/pom.xml}, and adds its route in {@code legacy} mode to a route table file and/or the
 * running proxy. Everything is checked before anything is written.
 */
@Command(name = "extract", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scaffolds extracted-services/SUBDOMAIN-service from the template (a Vert.x service on the service "
                + "kit: settings, health, discovery, identity, problems, an event consumer, metrics, a Dockerfile, tests), "
                + "adds it to extracted-services/pom.xml, and adds the route SUBDOMAIN (--path, served by legacy until "
                + "flipped; backend SUBDOMAIN-service through discovery) to --routes FILE and/or, with --admin, to the "
                + "running proxy (PUT /admin/routes, refused if the table changed meanwhile).",
            "%nThe route goes to the running proxy only when --admin is given (its default below is where the routes "
                    + "commands look). Nothing is overwritten: an existing module or route stops the command before anything "
                    + "is written."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:scaffolded (and the route added where asked)",
            "2:usage error (a bad subdomain, --path, --aggregate or --port); a route table file the proxy's reader refuses; "
                    + "the admin API refused the table",
            "3:no project at --dir, a route table file that can't be read, a file that can't be written, the admin API "
                    + "can't be reached",
            "4:the admin API refused the token (401/403)",
            "5:the module or the route exists already (nothing was changed)"})
public final class ExtractCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SUBDOMAIN", description = "The subdomain, [a-z][a-z0-9-]*, e.g. billing or loyalty-points.")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
            description = "The project's root, holding extracted-services/ (default: the current directory).")
    Path dir;

    @Option(names = "--routes", paramLabel = "FILE",
            description = "A route table file (YAML) to add the route to; its comments and layout stay.")
    Path routes;

    @Option(names = "--path", paramLabel = "PATTERN",
            description = "The route's path prefix, ending in /** (default: /api/SUBDOMAIN/**).")
    String path;

    @Option(names = "--aggregate", paramLabel = "TYPE",
            description = "The monolith's aggregate type whose events the service consumes (default: SUBDOMAIN in "
                    + "PascalCase, e.g. LoyaltyPoints).")
    String aggregate;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ExtractOptions.DEFAULT_PORT,
            description = "The service's default HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    AdminCall call;

    @Mixin
    Change change;

    @Override
    public Integer call() {
        ExtractOptions options = options();
        Scaffold scaffold = new Scaffold(dir);
        if (!Files.isRegularFile(scaffold.servicesPom())) {
            throw CliFailure.input("no Strangler project at " + dir.toAbsolutePath().normalize() + ": "
                    + scaffold.servicesPom() + " is missing (give the project's root with --dir)");
        }
        ExtractRoute route = ExtractRoute.of(options);
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (Files.exists(scaffold.moduleDir(options.subdomain()))) {
                throw new AlreadyExistsException(scaffold.moduleDir(options.subdomain()));
            }
            RouteFile.Edit edit = routes == null ? null : RouteFile.add(readRoutes(), route);
            boolean toProxy = spec.commandLine().getParseResult().hasMatchedOption("--admin");
            try (AdminClient admin = toProxy ? call.client() : null) {
                JsonNode serving = admin == null ? null : admin.get("/admin/routes");
                RouteTableDefinition table = serving == null ? null : route.addTo(RouteTableCodec.fromTree(serving.path("table")));

                scaffold.write(options, Template.load(), file -> out.println("created " + relative(file)));
                out.println(ModuleList.add(scaffold.servicesPom(), options.subdomain().service())
                        ? "added <module>" + options.subdomain().service() + "</module> to " + relative(scaffold.servicesPom())
                        : relative(scaffold.servicesPom()) + " lists " + options.subdomain().service() + " already");
                if (edit != null) {
                    Files.writeString(routes, edit.text(), StandardCharsets.UTF_8);
                    out.println("added route " + route.line() + " to " + routes
                            + (edit.rewritten() ? " (rewritten: its layout could not be edited in place, comments dropped)" : ""));
                }
                if (admin != null) {
                    out.println("adding route " + route.line() + " to the proxy's table");
                    Change.print(admin.send("PUT", change.path("/admin/routes"), "application/json", RouteTableCodec.toJson(table),
                            headers(serving.path("epoch").asLong(), options)), call.json(), out);
                }
            }
        } catch (AlreadyExistsException e) {
            throw new CliFailure(ExitCodes.EXISTS, e.getMessage());
        } catch (InvalidRouteTableException e) {
            throw new CliFailure(ExitCodes.REJECTED, "the route table " + routes + " is invalid, nothing was changed:"
                    + System.lineSeparator() + "  - " + String.join(System.lineSeparator() + "  - ", e.problems()));
        } catch (IOException e) {
            throw CliFailure.input("cannot write the module: " + e);
        }
        if (routes == null && !spec.commandLine().getParseResult().hasMatchedOption("--admin")) {
            out.println("no --routes FILE or --admin URL: add the route " + route.line() + " yourself");
        }
        out.println("next: mvn -B -pl " + Scaffold.SERVICES + "/" + options.subdomain().service() + " -am verify");
        out.flush();
        return ExitCodes.OK;
    }

    private ExtractOptions options() {
        try {
            Subdomain subdomain = new Subdomain(name);
            return new ExtractOptions(subdomain, path == null ? ExtractOptions.defaultPath(subdomain) : path,
                    aggregate == null ? subdomain.className() : aggregate, port);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String readRoutes() {
        try {
            return Files.readString(routes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.input("cannot read the route table " + routes + ": " + e);
        }
    }

    /** Refused (409) when someone changed the table since it was read; the reason kept in the history. */
    private Map<String, String> headers(long epoch, ExtractOptions options) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("If-Match", "\"" + epoch + "\"");
        headers.put("X-Change-Reason", change.reason() != null ? change.reason()
                : "strangler extract " + options.subdomain().name() + ": route in legacy mode");
        return headers;
    }

    private String relative(Path file) {
        return dir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString();
    }
}
