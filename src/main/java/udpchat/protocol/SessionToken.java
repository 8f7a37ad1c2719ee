package udpchat.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A client's session with the server: 128 random bits, base64url without padding (22 characters).
 * The server issues one with every {@code conf_reg}; the client sends it with every request, and
 * the server puts it on every packet it sends the client unasked, so neither side acts on a packet
 * that merely claims to come from the other.
 */
public final class SessionToken {
  private static final int BYTES = 16;
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{22}");

  private SessionToken() {}

  public static String generate(SecureRandom random) {
    byte[] bits = new byte[BYTES];
    random.nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }

  public static boolean isWellFormed(String token) {
    return token != null && FORM.matcher(token).matches();
  }

  /** True when {@code presented} is {@code expected}; compared in constant time. */
  public static boolean matches(String expected, String presented) {
    return expected != null
        && presented != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            presented.getBytes(StandardCharsets.US_ASCII));
  }
}
