package dev.strangler.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PointerPatternTest {

    @Test
    void aPlainPointerMatchesOnlyItself() {
        PointerPattern pattern = PointerPattern.parse("/generatedAt");

        assertThat(pattern.matches("/generatedAt")).isTrue();
        assertThat(pattern.matches("/generatedAt/x")).isFalse();
        assertThat(pattern.matches("/meta/generatedAt")).isFalse();
    }

    @Test
    void aStarIsExactlyOneSegmentIndexOrField() {
        PointerPattern pattern = PointerPattern.parse("/items/*/updatedAt");

        assertThat(pattern.matches("/items/0/updatedAt")).isTrue();
        assertThat(pattern.matches("/items/featured/updatedAt")).isTrue();
        assertThat(pattern.matches("/items/updatedAt")).isFalse();
        assertThat(pattern.matches("/items/0/1/updatedAt")).isFalse();
    }

    @Test
    void aDoubleStarIsAnyNumberOfSegmentsNoneIncluded() {
        PointerPattern pattern = PointerPattern.parse("/**/etag");

        assertThat(pattern.matches("/etag")).isTrue();
        assertThat(pattern.matches("/a/b/3/etag")).isTrue();
        assertThat(pattern.matches("/a/etag/b")).isFalse();
        assertThat(PointerPattern.parse("/debug/**").matches("/debug/a/b")).isTrue();
    }

    @Test
    void escapedSegmentsMatchTheFieldNamesTheyStandFor() {
        assertThat(PointerPattern.parse("/a~1b/c~0d").matches("/a~1b/c~0d")).isTrue();
        assertThat(PointerPattern.split("/a~1b/c~0d")).containsExactly("a/b", "c~d");
        assertThat(PointerPattern.split("/a~01")).containsExactly("a~1");
    }

    @Test
    void aPatternMustStartWithASlashAndNotBeEmpty() {
        assertThatThrownBy(() -> PointerPattern.parse("items/*")).hasMessage("pointer pattern 'items/*' must start with '/'");
        assertThatThrownBy(() -> PointerPattern.parse("")).hasMessageContaining("must not be empty");
    }

    @Test
    void learnedNoiseGeneralisesEveryIndex() {
        assertThat(LearnedNoise.generalise("/items/3/variants/12/price")).isEqualTo("/items/*/variants/*/price");
        assertThat(LearnedNoise.generalise("/items/3")).isEqualTo("/items/*");
        assertThat(LearnedNoise.generalise("/v2/items")).isEqualTo("/v2/items");
    }
}
