package dev.strangler.cli.replay;

/** How fast a replay sends requests: as fast as the concurrency allows, at a fixed rate, or at the recorded pace. */
public sealed interface Pacing {

    /** No pacing: as fast as {@code --concurrency} allows. */
    record Unpaced() implements Pacing {}

    /** At most {@code perSecond} requests per second, spread evenly, over every session. */
    record Rate(double perSecond) implements Pacing {}

    /** The recorded timing ({@code at} of each line) sped up by {@code factor} (2 = twice as fast). */
    record Speed(double factor) implements Pacing {}
}
