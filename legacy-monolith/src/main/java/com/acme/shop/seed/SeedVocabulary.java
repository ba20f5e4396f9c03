package com.acme.shop.seed;

import com.acme.shop.seed.SeedData.SeedCategory;
import java.util.List;
import java.util.Map;

/** The words demo products and customers are made of. Changing any list changes the seed data. */
final class SeedVocabulary {

    private SeedVocabulary() {}

    private static final Map<String, List<String>> NOUNS = Map.ofEntries(
            Map.entry("audio", List.of("Headphones", "Speaker", "Soundbar", "Earbuds", "Turntable")),
            Map.entry("automotive", List.of("Dash Cam", "Tyre Inflator", "Seat Cover", "Jump Starter", "Car Vacuum")),
            Map.entry("baby", List.of("Stroller", "Baby Monitor", "High Chair", "Changing Mat", "Teether")),
            Map.entry("beauty", List.of("Hair Dryer", "Face Serum", "Makeup Brush", "Nail Kit", "Lip Balm")),
            Map.entry("books", List.of("Cookbook", "Novel", "Field Guide", "Atlas", "Notebook")),
            Map.entry("cameras", List.of("Camera", "Tripod", "Lens", "Camera Bag", "Flash")),
            Map.entry("clothing", List.of("Jacket", "T-Shirt", "Hoodie", "Raincoat", "Scarf")),
            Map.entry("computers", List.of("Laptop", "Keyboard", "Mouse", "Monitor", "Webcam")),
            Map.entry("garden", List.of("Hose", "Planter", "Pruner", "Lawn Mower", "Watering Can")),
            Map.entry("grocery", List.of("Coffee", "Tea", "Olive Oil", "Chocolate", "Granola")),
            Map.entry("health", List.of("Thermometer", "Yoga Mat", "Scale", "Massage Gun", "First Aid Kit")),
            Map.entry("home", List.of("Lamp", "Rug", "Cushion", "Mirror", "Clock")),
            Map.entry("kitchen", List.of("Kettle", "Blender", "Skillet", "Knife Set", "Toaster")),
            Map.entry("office", List.of("Desk Chair", "Stapler", "Desk Lamp", "Whiteboard", "Pen Set")),
            Map.entry("outdoors", List.of("Tent", "Sleeping Bag", "Backpack", "Headlamp", "Water Bottle")),
            Map.entry("pets", List.of("Dog Bed", "Cat Tree", "Leash", "Pet Feeder", "Chew Toy")),
            Map.entry("shoes", List.of("Sneakers", "Boots", "Sandals", "Loafers", "Slippers")),
            Map.entry("sports", List.of("Football", "Tennis Racket", "Dumbbell", "Bicycle Helmet", "Jump Rope")),
            Map.entry("tools", List.of("Drill", "Hammer", "Screwdriver Set", "Tape Measure", "Spirit Level")),
            Map.entry("toys", List.of("Puzzle", "Building Blocks", "Kite", "Board Game", "Teddy Bear")));

    /** Sorted by slug, so the order never depends on a hash map. */
    static List<SeedCategory> categories() {
        return NOUNS.keySet().stream().sorted().map(slug -> new SeedCategory(slug, title(slug))).toList();
    }

    static List<String> nouns(String category) {
        return NOUNS.get(category);
    }

    static final List<String> ADJECTIVES = List.of(
            "Classic", "Compact", "Deluxe", "Eco", "Essential", "Heavy-Duty", "Lightweight", "Modern",
            "Portable", "Premium", "Pro", "Rugged", "Smart", "Travel", "Ultra", "Vintage", "Wireless");

    static final List<String> COLOURS = List.of(
            "black", "white", "slate grey", "forest green", "ocean blue", "sunset orange", "crimson", "sand");

    static final List<String> MATERIALS = List.of(
            "recycled plastic", "aluminium", "stainless steel", "bamboo", "organic cotton", "oak", "silicone");

    static final List<String> TAGLINES = List.of(
            "Built to last.", "Loved by thousands of customers.", "Our best seller.",
            "Easy to clean.", "Backed by a two-year warranty.", "Ships in recyclable packaging.");

    static final List<String> FIRST_NAMES = List.of(
            "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
            "Kira", "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara");

    static final List<String> LAST_NAMES = List.of(
            "Abbott", "Becker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ivanova",
            "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Patel", "Rossi", "Silva");

    private static String title(String slug) {
        return Character.toUpperCase(slug.charAt(0)) + slug.substring(1);
    }
}
