package dev.strangler.cli.replay;

import dev.strangler.compare.capture.CapturedExchange;

/** One capture line with its line number in the file, so every result can point back at it. */
public record Recorded(int line, CapturedExchange exchange) {}
