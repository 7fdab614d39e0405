package io.noderpc.node;

import io.noderpc.core.Cookie;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;

/**
 * Where a node's cookie comes from, in this order: an explicit value, the {@code NODERPC_COOKIE}
 * environment variable, then {@code ~/.erlang.cookie}, which is created (20 random capital
 * letters, mode 0400) when it does not exist, as Erlang does. The same file therefore serves
 * Erlang nodes and ours.
 *
 * <p>Like Erlang, a cookie file that others may read or write is refused: anyone who can read it
 * can join the cluster and run code on it.
 */
public final class CookieSource {

    /** The environment variable consulted after an explicit cookie. */
    public static final String ENV = "NODERPC_COOKIE";
    /** The cookie file, relative to the home directory. */
    public static final String FILE_NAME = ".erlang.cookie";

    private static final int GENERATED_LENGTH = 20;
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private CookieSource() {
    }

    /** The cookie for this process: {@code explicit}, else {@code NODERPC_COOKIE}, else the cookie file. */
    public static Cookie resolve(String explicit) {
        return resolve(explicit, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The cookie from {@code explicit}, else {@code env}'s {@value #ENV}, else {@code home}'s cookie
     * file (created when missing).
     *
     * @throws IllegalStateException if the cookie file is empty, unreadable or open to others
     */
    public static Cookie resolve(String explicit, Map<String, String> env, Path home) {
        if (explicit != null && !explicit.isEmpty()) {
            return Cookie.of(explicit);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Cookie.of(fromEnv);
        }
        return fromFile(home.resolve(FILE_NAME));
    }

    /** Reads (or creates) the cookie file at {@code file}. */
    public static Cookie fromFile(Path file) {
        try {
            if (Files.notExists(file)) {
                create(file);
            }
            checkPermissions(file);
            String content = Files.readString(file, StandardCharsets.UTF_8).strip();
            int newline = content.indexOf('\n');
            String secret = (newline < 0 ? content : content.substring(0, newline)).strip();
            if (secret.isEmpty()) {
                throw new IllegalStateException("the cookie file " + file + " is empty; put a secret in it, "
                        + "or pass a cookie (--cookie or " + ENV + ")");
            }
            return Cookie.of(secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cookie file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        SecureRandom random = new SecureRandom();
        StringBuilder secret = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            secret.append((char) ('A' + random.nextInt(26)));
        }
        try {
            if (Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class) != null) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, secret, StandardCharsets.US_ASCII);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
            } else {
                Files.writeString(file, secret, StandardCharsets.US_ASCII);
            }
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: use theirs
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        for (PosixFilePermission p : perms) {
            if (GROUP_OR_OTHER.contains(p)) {
                throw new IllegalStateException("the cookie file " + file + " must be accessible by its owner only "
                        + "(it is " + PosixFilePermissions.toString(perms) + "); run: chmod 400 " + file);
            }
        }
    }
}
