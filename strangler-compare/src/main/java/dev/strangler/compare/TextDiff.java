package dev.strangler.compare;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Line-by-line comparison of text and HTML bodies with java-diff-utils (Myers). */
final class TextDiff {

    private TextDiff() {}

    /** Every changed run of lines, by legacy's line number (from 1). */
    static List<AbstractDelta<String>> deltas(String legacy, String candidate) {
        return DiffUtils.diff(lines(legacy), lines(candidate)).getDeltas();
    }

    /** The legacy lines (from 0) touched by any delta: what changes between two legacy answers. */
    static BitSet touchedLines(List<AbstractDelta<String>> deltas) {
        BitSet touched = new BitSet();
        for (AbstractDelta<String> delta : deltas) {
            int from = delta.getSource().getPosition();
            // A pure insertion touches no legacy line: mark the one it comes before.
            touched.set(from, from + Math.max(1, delta.getSource().size()));
        }
        return touched;
    }

    /** Differences for the deltas not wholly inside the noisy lines; returns how many were noise through {@code noise[0]}. */
    static List<Difference> differences(List<AbstractDelta<String>> deltas, BitSet noisyLines, int maxChars,
                                        int[] noise) {
        List<Difference> out = new ArrayList<>();
        for (AbstractDelta<String> delta : deltas) {
            BitSet own = touchedLines(List.of(delta));
            BitSet outside = (BitSet) own.clone();
            outside.andNot(noisyLines);
            if (outside.isEmpty()) {
                noise[0]++;
                continue;
            }
            out.add(new Difference(Difference.Kind.LINES, "line:" + (delta.getSource().getPosition() + 1),
                    Difference.truncate(String.join("\n", delta.getSource().getLines()), maxChars),
                    Difference.truncate(String.join("\n", delta.getTarget().getLines()), maxChars)));
        }
        return out;
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }
}
