package dev.strangler.catalog.readmodel;

import java.util.Objects;

/** A category as the monolith knows it; its product count is the read model's own. */
public record CategorySnapshot(String slug, String name) {

  public CategorySnapshot {
    Objects.requireNonNull(slug, "slug == null");
    Objects.requireNonNull(name, "name == null");
  }
}
