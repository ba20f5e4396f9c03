package dev.strangler.servicekit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemFormatTest {

  @Test
  void springMvcWritesTheMonolithsBodyByteForByte() {
    Problem problem = Problem.invalidField("sort", "unknown sort field 'colour'");

    assertThat(ProblemFormat.SPRING_MVC.body(problem, "/api/products").encode()).isEqualTo(
        "{\"detail\":\"sort: unknown sort field 'colour'\",\"instance\":\"/api/products\",\"status\":400,\"title\":\"Bad Request\","
            + "\"errors\":[{\"field\":\"sort\",\"message\":\"unknown sort field 'colour'\"}]}");
    assertThat(ProblemFormat.SPRING_MVC.body(Problem.notFound("no product with sku 'X'"), "/api/products/X").encode())
        .isEqualTo("{\"detail\":\"no product with sku 'X'\",\"instance\":\"/api/products/X\",\"status\":404,\"title\":\"Not Found\"}");
    assertThat(ProblemFormat.SPRING_MVC.noRoute("/api/products//x/")).isEqualTo("No static resource api/products/x.");
  }

  @Test
  void ourFormatKeepsItsShapeAndAddsErrorsOnlyWhenThereAreAny() {
    assertThat(ProblemFormat.STRANGLER.body(Problem.notFound("gone"), "/x").encode())
        .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"gone\"}");
    assertThat(Problem.invalidField("q", "too long").toJson().getJsonArray("errors").encode())
        .isEqualTo("[{\"field\":\"q\",\"message\":\"too long\"}]");
  }
}
