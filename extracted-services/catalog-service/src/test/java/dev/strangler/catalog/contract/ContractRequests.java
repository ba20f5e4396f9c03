package dev.strangler.catalog.contract;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** The requests both sides must answer alike: every filter, sort and paging combination, searches, details, bad input. */
final class ContractRequests {

  static final List<String> SORTS = List.of("", "name", "name,asc", "name,desc", "price", "price,desc", "updatedAt",
      "updatedAt,desc", "sku", "sku,desc", "stock", "stock,desc", " price , DESC ");
  static final List<String> SEARCHES = List.of("speaker", "speakers", "Wireless", "wireless headphones", "headphone",
      "kettle", "kettles", "lamp", "desk lamp", "\"desk lamp\"", "\"lamp desk\"", "\"made of oak\"", "\"stainless steel\"",
      "lamp -desk", "-lamp", "kettle or lamp", "kettle or -lamp", "heavy-duty", "Heavy-Duty Drill", "heavy duty",
      "\"heavy duty\"", "duty", "t-shirt", "T-Shirts", "shirt", "tshirt", "two-year", "warranty", "loved customers",
      "\"loved by thousands\"", "recycled", "recyclable", "built to last", "forest green", "\"ocean blue\" or crimson",
      "grey -slate", "eco", "pro", "ultra or premium", "acme", "ACME-00001", "acme-001", "ACME-0099", "00042", "0100",
      "M995", "m99", "q5", "x", "ke", "ett", "ettl", "Kettle B", "ic k", "the", "the or a", "or", "and", "a", "xyzzy",
      "kettle xyzzy", "kettle or xyzzy", "café", "Ébène", "!lamp", "lamp & kettle", "(lamp)", "lamp | kettle", "<lamp>",
      "lamp's", "50%", "a_b", "100\\", "  lamp  ", "--lamp", "lamp -", "\"", "\"\"", "\"unterminated lamp", "3.5",
      "running shoes", "sleeping", "sleep", "water bottle", "first aid kit", "\"first aid\"", "teddy", "bear teddy",
      "jump", "jumps -rope", "boots", "sneaker", "dog or cat", "pets");

  private ContractRequests() {}

  static List<String> all() {
    Set<String> paths = new LinkedHashSet<>();
    paths.add("/api/categories");
    paths.add("/api/products");
    for (String sort : SORTS) {
      for (String page : List.of("0", "1", "7", "49", "50", "10000")) {
        paths.add(list("sort", sort, "page", page, "size", page.equals("49") ? "20" : "7"));
      }
      paths.add(list("sort", sort, "size", "100", "page", "2"));
    }
    List<String> categories = List.of("kitchen", "audio", "books", "toys", "nope", "", " kitchen ");
    for (String category : categories) {
      paths.add(list("category", category, "size", "100"));
      paths.add(list("category", category, "inStock", "true", "sort", "price,desc", "size", "10"));
    }
    String[][] prices = {{"0", "10"}, {"10", ""}, {"", "9.99"}, {"9.99", "9.99"}, {"5.001", "50.5"}, {"999", ""},
        {"0.00", "0"}, {"1e2", "2E2"}, {" 1 5 ", ""}, {"+5", "+6"}, {"", "1000000000000000000000"}};
    for (String[] p : prices) {
      paths.add(list("minPrice", p[0], "maxPrice", p[1], "sort", "price", "size", "25"));
      paths.add(list("minPrice", p[0], "maxPrice", p[1], "inStock", "false", "sort", "stock,desc"));
    }
    for (String inStock : List.of("true", "false", "TRUE", "yes", "no", "on", "off", "1", "0", " true ", "")) {
      paths.add(list("inStock", inStock, "sort", "updatedAt,desc", "size", "30"));
    }
    Random random = new Random(7);
    for (String q : SEARCHES) {
      paths.add(list("q", q, "size", "100"));
      String sort = SORTS.get(random.nextInt(SORTS.size()));
      paths.add(list("q", q, "sort", sort, "size", "5", "page", String.valueOf(random.nextInt(3)),
          "inStock", random.nextBoolean() ? "true" : "", "maxPrice", random.nextBoolean() ? "200" : ""));
    }
    paths.add(list("q", "lamp", "category", "home", "inStock", "true", "minPrice", "10", "maxPrice", "500", "sort", "price,desc"));
    paths.add(list("q", "kettle", "category", "kitchen", "sort", "name,desc", "size", "3", "page", "1"));
    paths.add("/api/products?q=Kettle&q=Lamp");
    paths.add("/api/products?sort=price&sort=desc&size=3");
    paths.add("/api/products?page=2&page=3&size=4");
    paths.add("/api/products?inStock=true&inStock=false&size=4");
    paths.add("/api/products?category=kitchen&category=home");
    for (String sku : List.of("ACME-00001", "ACME-00500", "ACME-01000", "ACME-00042", "acme-00001", "ACME-1", "NOPE",
        "ACME-00001%20", "%C3%A9", "ACME-01001", "ACME-00001/", "ACME-00001/x")) {
      paths.add("/api/products/" + sku);
    }
    paths.addAll(badInput());
    return new ArrayList<>(paths);
  }

  static List<String> badInput() {
    List<String> bad = new ArrayList<>();
    for (String sort : List.of("colour", "NAME", "price,up", "price,", ",desc", "a,b,c", "price,desc,x", "name,ASC ")) {
      bad.add(list("sort", sort));
    }
    for (String page : List.of("-1", "10001", "abc", "1.5", "99999999999", "0x1", "#2", "-0x1", "0x", "1_0", "%EF%BC%91", " 1 2 ", "+1", "-0")) {
      bad.add("/api/products?size=3&page=" + page.replace(" ", "%20").replace("#", "%23").replace("+", "%2B"));
    }
    for (String size : List.of("0", "101", "-5", "x", "100", "1", "1e1")) {
      bad.add(list("size", size));
    }
    for (String price : List.of("-1", "-0.01", "abc", "NaN", "Infinity", "0x10", "1,5", "--1", "1e", ".", "-0")) {
      bad.add(list("minPrice", price, "size", "2"));
      bad.add(list("maxPrice", price, "size", "2"));
    }
    bad.add(list("minPrice", "10", "maxPrice", "5"));
    bad.add(list("minPrice", "10.01", "maxPrice", "10"));
    bad.add(list("inStock", "maybe"));
    bad.add(list("inStock", "true,false"));
    bad.add(list("q", "x".repeat(101)));
    bad.add(list("q", "x".repeat(100), "size", "1"));
    bad.add(list("q", " " + "x".repeat(100)));
    bad.add(list("page", "abc", "sort", "colour"));
    bad.add(list("sort", "colour", "page", "-1"));
    bad.add(list("size", "0", "minPrice", "-1"));
    bad.add(list("minPrice", "-1", "maxPrice", "-2"));
    bad.add(list("maxPrice", "-2", "q", "x".repeat(101)));
    bad.add("/api/products/");
    bad.add("/api/categories/");
    bad.add("/api/nothing");
    bad.add("/api/products/ACME-00001/reviews");
    return bad;
  }

  /** {@code /api/products} with the given name/value pairs; blank values are sent as given, empty ones dropped. */
  static String list(String... pairs) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1].isEmpty() && !pairs[i].equals("category") && !pairs[i].equals("inStock")) {
        continue;
      }
      query.append(query.isEmpty() ? "?" : "&").append(pairs[i]).append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return "/api/products" + query;
  }
}
