package udpchat.metrics;

/**
 * The registry's state in numbers, as the registry reports it when asked.
 *
 * @param tableVersion the client table's version
 * @param online registered clients online
 * @param offline registered clients offline
 * @param storedMessages messages in all mailboxes
 * @param mailboxes clients with at least one stored message
 * @param largestMailbox messages in the fullest mailbox
 */
public record RegistryGauges(
    long tableVersion, int online, int offline, int storedMessages, int mailboxes,
    int largestMailbox) {}
