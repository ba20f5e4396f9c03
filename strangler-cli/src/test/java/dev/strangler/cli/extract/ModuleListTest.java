package dev.strangler.cli.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModuleListTest {

    private static final String POM = """
            <project>
              <artifactId>extracted-services</artifactId>
              <modules>
                <module>service-kit</module>
                <!-- the catalog read side -->
                <module>catalog-service</module>
              </modules>
              <profiles><profile><modules><module>extra</module></modules></profile></profiles>
            </project>
            """;

    @Test
    void theModuleGoesAfterTheLastOneIndentedLikeIt() {
        assertThat(ModuleList.withModule(POM, "billing-service")).isEqualTo(POM.replace(
                "    <module>catalog-service</module>\n",
                "    <module>catalog-service</module>\n    <module>billing-service</module>\n"));
    }

    @Test
    void aModuleListedAlreadyIsNotAddedAgain() {
        String once = ModuleList.withModule(POM, "billing-service");

        assertThat(ModuleList.withModule(once, "billing-service")).isEqualTo(once);
        assertThat(once.split("<module>billing-service</module>", -1)).hasSize(2);
    }

    @Test
    void anEmptyModuleListGetsItsFirstModule() {
        String empty = "<project>\n  <modules>\n  </modules>\n</project>\n";

        assertThat(ModuleList.withModule(empty, "billing-service"))
                .isEqualTo("<project>\n  <modules>\n    <module>billing-service</module>\n  </modules>\n</project>\n");
    }

    @Test
    void aPomWithoutModulesIsRefused() {
        assertThatThrownBy(() -> ModuleList.withModule("<project/>", "billing-service"))
                .hasMessage("it has no <modules> section");
    }
}
