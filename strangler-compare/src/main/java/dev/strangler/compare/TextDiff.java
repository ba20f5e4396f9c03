package dev.strangler.compare;

import com.github.difflib.DiffUtils;
import com.github.difflib.algorithm.DiffAlgorithmListener;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.ChangeDelta;
import com.github.difflib.patch.Chunk;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Line-by-line comparison of text and HTML bodies with java-diff-utils (Myers). */
final class TextDiff {

    private TextDiff() {}

    /**
     * Every changed run of lines. Myers' cost grows with the square of the edits, so past {@code maxEdits}
     * (two wholly different 1 MiB pages took 9 s) the diff is abandoned and only the first differing line
     * is reported.
     */
    static List<AbstractDelta<String>> deltas(String legacy, String candidate, int maxEdits) {
        List<String> a = lines(legacy);
        List<String> b = lines(candidate);
        try {
            return DiffUtils.diff(a, b, new EditBudget(maxEdits)).getDeltas();
        } catch (EditBudget.Exceeded e) {
            int first = 0;
            while (first < a.size() && first < b.size() && a.get(first).equals(b.get(first))) {
                first++;
            }
            return List.of(new ChangeDelta<>(new Chunk<>(first, a.subList(first, Math.min(first + 1, a.size()))),
                    new Chunk<>(first, b.subList(first, Math.min(first + 1, b.size())))));
        }
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

    /** Stops a diff once it has taken more edits than allowed. */
    private record EditBudget(int maxEdits) implements DiffAlgorithmListener {
        @Override
        public void diffStart() {}

        @Override
        public void diffStep(int edits, int max) {
            if (edits > maxEdits) {
                throw new Exceeded();
            }
        }

        @Override
        public void diffEnd() {}

        static final class Exceeded extends RuntimeException {
            Exceeded() {
                super(null, null, false, false);
            }
        }
    }
}
