package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathPatternTest {

  @Test
  void anExactPatternMatchesOnlyItsOwnPath() {
    PathPattern p = PathPattern.compile("/api/categories");

    assertThat(p.isExact()).isTrue();
    assertThat(p.match("/api/categories")).isEmpty();
    assertThat(p.match("/api/categories/")).isNull();
    assertThat(p.match("/api/categories/x")).isNull();
  }

  @Test
  void aTrailingDoubleStarMatchesThePrefixItselfAndEverythingBelow() {
    PathPattern p = PathPattern.compile("/api/products/**");

    assertThat(p.match("/api/products")).isEmpty();
    assertThat(p.match("/api/products/SKU-1")).isEmpty();
    assertThat(p.match("/api/products/SKU-1/reviews/2")).isEmpty();
    assertThat(p.match("/api/productsX")).isNull();
  }

  @Test
  void templateParametersCaptureOneSegmentEach() {
    PathPattern p = PathPattern.compile("/api/orders/{orderId}/lines/{line}");

    assertThat(p.match("/api/orders/42/lines/3")).isEqualTo(Map.of("orderId", "42", "line", "3"));
    assertThat(p.match("/api/orders/42/lines")).isNull();
    assertThat(p.match("/api/orders//lines/3")).isNull();
  }

  @Test
  void aDoubleStarInTheMiddleSpansAnyNumberOfSegments() {
    PathPattern p = PathPattern.compile("/api/**/reviews");

    assertThat(p.match("/api/reviews")).isEmpty();
    assertThat(p.match("/api/products/1/reviews")).isEmpty();
    assertThat(p.match("/api/products/1/reviews/2")).isNull();
  }

  @Test
  void aSingleStarIsOneNonEmptySegment() {
    PathPattern p = PathPattern.compile("/static/*/app.js");

    assertThat(p.match("/static/v2/app.js")).isEmpty();
    assertThat(p.match("/static/app.js")).isNull();
  }

  @Test
  void badPatternsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> PathPattern.compile("api")).hasMessageContaining("starts with '/'");
    assertThatThrownBy(() -> PathPattern.compile("/a//b")).hasMessageContaining("empty segment");
    assertThatThrownBy(() -> PathPattern.compile("/a/../b")).hasMessageContaining("dot segment");
    assertThatThrownBy(() -> PathPattern.compile("/a/{x}/{x}")).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> PathPattern.compile("/a/b{x}")).hasMessageContaining("neither a literal");
  }

  @Test
  void specificityOrdersExactThenMoreLiteralsThenFewerWildcards() {
    List<PathPattern> patterns = new ArrayList<>(List.of(
        PathPattern.compile("/api/**"),
        PathPattern.compile("/api/products/{sku}"),
        PathPattern.compile("/api/products/**"),
        PathPattern.compile("/api/products/featured"),
        PathPattern.compile("/api/products/*/reviews")));

    patterns.sort(PathPattern.MOST_SPECIFIC_FIRST);

    assertThat(patterns).extracting(PathPattern::toString).containsExactly(
        "/api/products/featured", "/api/products/*/reviews", "/api/products/{sku}", "/api/products/**", "/api/**");
  }

  @Test
  void theLiteralPrefixStopsAtTheFirstWildcard() {
    assertThat(PathPattern.compile("/api/products/{sku}").literalPrefix()).isEqualTo("/api/products");
    assertThat(PathPattern.compile("/**").literalPrefix()).isEqualTo("/");
  }
}
