package dev.strangler.acceptance.guides;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * The migration guides in the order a team follows them (the folder's README first, then the numbered guides),
 * read with a CommonMark parser into their fenced blocks.
 */
final class Guides {

  private static final Parser PARSER = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

  private Guides() {}

  /** The guide files of {@code folder}: README.md, then every {@code NN-*.md} by name. */
  static List<Path> inOrder(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> guides = new ArrayList<>();
      guides.add(folder.resolve("README.md"));
      files.filter(f -> f.getFileName().toString().matches("\\d\\d-.+\\.md")).sorted().forEach(guides::add);
      return guides;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The fenced blocks under one level-2 heading of a Markdown file (up to the next level-2 heading), such as the
   * README's walkthrough.
   */
  static List<GuideBlock> section(Path markdown, String heading) {
    List<GuideBlock> blocks = new ArrayList<>();
    boolean inside = false;
    for (Node node = parse(markdown).getFirstChild(); node != null; node = node.getNext()) {
      if (node instanceof Heading h && h.getLevel() == 2) {
        inside = h.getFirstChild() instanceof Text t && t.getLiteral().equals(heading);
      } else if (inside && node instanceof FencedCodeBlock block) {
        blocks.add(block(markdown, block));
      }
    }
    if (blocks.isEmpty()) {
      throw new IllegalStateException(markdown + " has no section '" + heading + "' with fenced blocks");
    }
    return blocks;
  }

  /** Every fenced block of one guide, in order. */
  static List<GuideBlock> blocks(Path guide) {
    List<GuideBlock> blocks = new ArrayList<>();
    parse(guide).accept(new AbstractVisitor() {
      @Override
      public void visit(FencedCodeBlock block) {
        blocks.add(block(guide, block));
      }
    });
    return blocks;
  }

  private static Node parse(Path markdown) {
    try {
      return PARSER.parse(Files.readString(markdown));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GuideBlock block(Path markdown, FencedCodeBlock block) {
    String[] info = block.getInfo() == null || block.getInfo().isBlank() ? new String[0] : block.getInfo().trim().split("\\s+");
    String language = info.length == 0 ? "" : info[0];
    int line = block.getSourceSpans().isEmpty() ? 0 : block.getSourceSpans().getFirst().getLineIndex() + 1;
    return new GuideBlock(markdown, line, language,
        new LinkedHashSet<>(Arrays.asList(info).subList(Math.min(1, info.length), info.length)), block.getLiteral());
  }
}
