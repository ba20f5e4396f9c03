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
            touched.set(from, from + Math.max(1, delta.getSource().size()));
        }
        return touched;
    }

    /**
     * Differences for the deltas not wholly inside the noisy lines, and how many were. A run
     * of changed lines the same length on both sides is taken line by line, so one noisy line next to a real
     * change does not hide it, and each line keeps its own number.
     */
    static BodyComparator.Result differences(List<AbstractDelta<String>> deltas, BitSet noisyLines, int maxChars) {
        List<Difference> out = new ArrayList<>();
        int noise = 0;
        for (AbstractDelta<String> delta : deltas) {
            int from = delta.getSource().getPosition();
            List<String> source = delta.getSource().getLines();
            List<String> target = delta.getTarget().getLines();
            if (source.size() == target.size()) {
                for (int i = 0; i < source.size(); i++) {
                    noise += add(from + i, 1, List.of(source.get(i)), List.of(target.get(i)), noisyLines, maxChars, out);
                }
            } else {
                noise += add(from, source.size(), source, target, noisyLines, maxChars, out);
            }
        }
        return new BodyComparator.Result(out, noise);
    }

    /** Adds the difference unless it is noise; returns 1 for noise, else 0. */
    private static int add(int from, int size, List<String> source, List<String> target, BitSet noisyLines,
                           int maxChars, List<Difference> out) {
        // A pure insertion touches no legacy line: it counts as touching the one it comes before.
        BitSet outside = new BitSet();
        outside.set(from, from + Math.max(1, size));
        outside.andNot(noisyLines);
        if (outside.isEmpty()) {
            return 1;
        }
        out.add(new Difference(Difference.Kind.LINES, "line:" + (from + 1),
                Difference.truncate(String.join("\n", source), maxChars),
                Difference.truncate(String.join("\n", target), maxChars)));
        return 0;
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }
}
