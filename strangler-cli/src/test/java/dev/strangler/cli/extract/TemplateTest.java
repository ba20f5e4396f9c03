package dev.strangler.cli.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private final Map<String, String> values = ExtractOptions.of(new Subdomain("loyalty-points")).placeholders();

    @Test
    void everyTemplatedFileIsRenderedWithEveryPlaceholderFilled() {
        Map<String, String> files = Template.load().render(values);

        assertThat(files.keySet()).contains("pom.xml", "Dockerfile", "README.md",
                "src/main/java/dev/strangler/loyaltypoints/Main.java",
                "src/main/java/dev/strangler/loyaltypoints/LoyaltyPointsSettings.java",
                "src/main/java/dev/strangler/loyaltypoints/LoyaltyPointsApplication.java",
                "src/main/java/dev/strangler/loyaltypoints/http/LoyaltyPointsRoutes.java",
                "src/main/java/dev/strangler/loyaltypoints/events/LoyaltyPointsEventHandler.java",
                "src/test/java/dev/strangler/loyaltypoints/LoyaltyPointsServiceIT.java",
                "src/test/java/dev/strangler/loyaltypoints/contract/LoyaltyPointsContractIT.java");
        assertThat(files).allSatisfy((path, content) -> assertThat(content).as(path).doesNotContain("{{")
                .doesNotContain("&quot;").doesNotContain("&lt;"));
        assertThat(files.get("pom.xml")).contains("<artifactId>loyalty-points-service</artifactId>",
                "<mainClass>dev.strangler.loyaltypoints.Main</mainClass>", "<finalName>loyalty-points-service</finalName>");
        assertThat(files.get("src/main/java/dev/strangler/loyaltypoints/LoyaltyPointsSettings.java"))
                .contains("package dev.strangler.loyaltypoints;", "public record LoyaltyPointsSettings(",
                        "ServiceOptions.read(reader, \"LOYALTY_POINTS\", DEFAULT_SERVICE_NAME, DEFAULT_PORT)",
                        "DEFAULT_PORT = 8085", "STREAM = \"events:loyaltypoints\"");
        assertThat(files.get("src/main/java/dev/strangler/loyaltypoints/http/LoyaltyPointsRoutes.java"))
                .contains("router.get(\"/api/loyalty-points/:id\")");
    }

    @Test
    void everyPlaceholderTheTemplateUsesHasAValueAndEveryValueIsUsed() {
        Template template = Template.load();
        Set<String> used = new TreeSet<>();
        template.entries().forEach(e -> {
            used.addAll(Template.placeholders(e.target()));
            used.addAll(Template.placeholders(Template.read(e.template())));
        });

        assertThat(values.keySet()).containsAll(used);
        assertThat(used).containsAll(values.keySet());
    }

    @Test
    void aPlaceholderWithoutAValueFailsRatherThanLeavingAHole() {
        assertThatThrownBy(() -> Template.fill("Main.java", "class {{className}}{{Suffix}} {}", values))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("template Main.java uses placeholders without a value: [Suffix]");
    }

    @Test
    void valuesGoInAsTheyAreNotHtmlEscaped() {
        assertThat(Template.fill("t", "a {{x}} b", Map.of("x", "<\"&'>"))).isEqualTo("a <\"&'> b");
    }
}
