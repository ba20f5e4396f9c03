package com.acme.shop.catalog;

/** A catalog category; {@code productCount} is computed when listing. */
public record Category(String slug, String name, long productCount) {}
