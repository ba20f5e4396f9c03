package dev.strangler.cli.drift;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a side's {@code id TAB checksum LF} lines in id order: two stores holding the same aggregates
 * (as the rules see them) have the same digest, which a later run can be checked against without a diff.
 */
final class StoreDigest {

    private final MessageDigest sha256;

    StoreDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    void add(String id, String checksum) {
        sha256.update((id + "\t" + checksum + "\n").getBytes(StandardCharsets.UTF_8));
    }

    String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
