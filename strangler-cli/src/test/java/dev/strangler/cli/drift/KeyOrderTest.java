package dev.strangler.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    @Test
    void integerIdsOrderByNumberAndOthersByCodePointAsPostgresCollateCDoes() {
        List<String> numbers = new ArrayList<>(List.of("10", "9", "1000000000", "-1"));
        numbers.sort(KeyOrder.NUMERIC);
        List<String> texts = new ArrayList<>(List.of("b", "a\uFFFD", "a\uD83D\uDE00", "B", "a"));
        texts.sort(KeyOrder.TEXT);

        assertThat(numbers).containsExactly("-1", "9", "10", "1000000000");
        // U+1F600 (a surrogate pair in Java) comes after U+FFFD by code point, as in UTF-8 bytes.
        assertThat(texts).containsExactly("B", "a", "a\uFFFD", "a\uD83D\uDE00", "b");
        assertThat(KeyOrder.TEXT.orderBy("q.id")).isEqualTo("q.id::text collate \"C\"");
    }
}
