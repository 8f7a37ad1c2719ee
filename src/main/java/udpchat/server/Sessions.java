package udpchat.server;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import udpchat.protocol.SessionToken;

/**
 * The current session token of every registered name. Each registration ({@code freg}, a restart
 * too) opens a new session and ends the old one: a token dies with the process it was given to.
 * Owned by the registry actor.
 */
final class Sessions {
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> tokens = new HashMap<>();

  /** A new token for {@code name}; the previous one no longer counts. */
  String open(String name) {
    String token = newToken();
    assign(name, token);
    return token;
  }

  /** A fresh token, not yet anyone's. */
  String newToken() {
    return SessionToken.generate(random);
  }

  /** Makes {@code token} the name's current one (a registration, or a recovered session). */
  void assign(String name, String token) {
    tokens.put(name, token);
  }

  /** Every name's current token. */
  Map<String, String> all() {
    return Map.copyOf(tokens);
  }

  /** The name's current token (null if it never registered). */
  String tokenOf(String name) {
    return tokens.get(name);
  }

  /** Every name with a session: every name ever registered. */
  Set<String> names() {
    return Set.copyOf(tokens.keySet());
  }

  boolean isCurrent(String name, String presented) {
    return SessionToken.matches(tokens.get(name), presented);
  }
}
