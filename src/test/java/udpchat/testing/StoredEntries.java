package udpchat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import udpchat.protocol.StoredMessage;

/**
 * Mailbox entries as tests compare them. Every entry a server stores carries an id its recipient
 * remembers it by; where a test cannot know the id (one of the server's own), it writes the entry
 * without one and checks only that the stored entry has one.
 */
public final class StoredEntries {
  private StoredEntries() {}

  /**
   * {@code actual} is {@code expected}, in order: an expected entry with an id must have that id,
   * one without an id matches the entry with any id; every actual entry has an id.
   */
  public static void assertEntries(List<StoredMessage> expected, List<StoredMessage> actual) {
    assertNotNull(actual, "no mailbox, expected " + expected);
    List<StoredMessage> compared = new ArrayList<>();
    for (int i = 0; i < actual.size(); i++) {
      StoredMessage entry = actual.get(i);
      assertNotNull(entry.id(), "a stored entry without an id: " + entry);
      boolean anyId = i < expected.size() && expected.get(i).id() == null;
      compared.add(
          anyId
              ? new StoredMessage(entry.from(), entry.time(), entry.message(), entry.group())
              : entry);
    }
    assertEquals(expected, compared);
  }
}
