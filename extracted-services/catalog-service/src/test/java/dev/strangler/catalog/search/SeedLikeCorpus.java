package dev.strangler.catalog.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Product texts made of the monolith seed's vocabulary (its nouns, adjectives, colours, materials, taglines) plus tricky extras. */
final class SeedLikeCorpus {

  static final List<String> NOUNS = List.of("Headphones", "Speaker", "Soundbar", "Earbuds", "Turntable", "Dash Cam",
      "Tyre Inflator", "Seat Cover", "Jump Starter", "Car Vacuum", "Stroller", "Baby Monitor", "High Chair", "Changing Mat",
      "Teether", "Hair Dryer", "Face Serum", "Makeup Brush", "Nail Kit", "Lip Balm", "Cookbook", "Novel", "Field Guide",
      "Atlas", "Notebook", "Camera", "Tripod", "Lens", "Camera Bag", "Flash", "Jacket", "T-Shirt", "Hoodie", "Raincoat",
      "Scarf", "Laptop", "Keyboard", "Mouse", "Monitor", "Webcam", "Hose", "Planter", "Pruner", "Lawn Mower",
      "Watering Can", "Coffee", "Tea", "Olive Oil", "Chocolate", "Granola", "Thermometer", "Yoga Mat", "Scale",
      "Massage Gun", "First Aid Kit", "Lamp", "Rug", "Cushion", "Mirror", "Clock", "Kettle", "Blender", "Skillet",
      "Knife Set", "Toaster", "Desk Chair", "Stapler", "Desk Lamp", "Whiteboard", "Pen Set", "Tent", "Sleeping Bag",
      "Backpack", "Headlamp", "Water Bottle", "Dog Bed", "Cat Tree", "Leash", "Pet Feeder", "Chew Toy", "Sneakers",
      "Boots", "Sandals", "Loafers", "Slippers", "Football", "Tennis Racket", "Dumbbell", "Bicycle Helmet", "Jump Rope",
      "Drill", "Hammer", "Screwdriver Set", "Tape Measure", "Spirit Level", "Puzzle", "Building Blocks", "Kite",
      "Board Game", "Teddy Bear");
  static final List<String> ADJECTIVES = List.of("Classic", "Compact", "Deluxe", "Eco", "Essential", "Heavy-Duty",
      "Lightweight", "Modern", "Portable", "Premium", "Pro", "Rugged", "Smart", "Travel", "Ultra", "Vintage", "Wireless");
  static final List<String> COLOURS = List.of("black", "white", "slate grey", "forest green", "ocean blue",
      "sunset orange", "crimson", "sand");
  static final List<String> MATERIALS = List.of("recycled plastic", "aluminium", "stainless steel", "bamboo",
      "organic cotton", "oak", "silicone");
  static final List<String> TAGLINES = List.of("Built to last.", "Loved by thousands of customers.", "Our best seller.",
      "Easy to clean.", "Backed by a two-year warranty.", "Ships in recyclable packaging.");
  static final List<String> EXTRAS = List.of("Self-Heating Mug x-ray-gun wi-fi6 A1-B2", "élan-vital café naïve Crème brûlée",
      "Version 3.5 on acme.com, don't it's O'Reilly AT&T C++", "ACME-00001 acme-001 1-x 5-6 lamp- -abc a--b",
      "Kettles kettling kettled running runs ran easily fairly generously", "The the THE of and or not");

  private SeedLikeCorpus() {}

  /** {@code name + ' ' + description} of products built like the seed's, then the extras. */
  static List<String> texts(int products) {
    Random random = new Random(42);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < products; i++) {
      String noun = pick(random, NOUNS);
      String adjective = pick(random, ADJECTIVES);
      String model = (char) ('A' + random.nextInt(26)) + String.valueOf(100 + random.nextInt(900));
      String lower = adjective.toLowerCase();
      String article = "aeiou".indexOf(lower.charAt(0)) >= 0 ? "An" : "A";
      texts.add(adjective + " " + noun + " " + model + " " + article + " " + lower + " " + noun.toLowerCase() + " in "
          + pick(random, COLOURS) + ", made of " + pick(random, MATERIALS) + ". " + pick(random, TAGLINES));
    }
    texts.addAll(EXTRAS);
    return texts;
  }

  private static String pick(Random random, List<String> words) {
    return words.get(random.nextInt(words.size()));
  }
}
