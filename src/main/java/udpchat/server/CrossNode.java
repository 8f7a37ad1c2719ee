package udpchat.server;

/**
 * Marks a message that may go from one server node to another in cluster mode (a command to a
 * client's entity through Cluster Sharding, the entities' answers and requests to a gateway, the
 * directory's reports and changes): Pekko serializes these with its Jackson CBOR serializer (the
 * binding is in udpchat.conf), compact and quicker to read than JSON.
 *
 * <p>A second marker beside {@link JournalJson}, not one for both: the journal stays JSON
 * (readable, and stored for years), while the wire carries only what two running nodes exchange.
 * A type carries at most one of the two, or its binding would be ambiguous. Messages that never
 * leave their node (timers, the socket's events, a child's own wrappers) carry neither; the
 * public ones among them say so with Pekko's {@code NoSerializationVerificationNeeded}.
 *
 * <p>A field of an interface type needs Jackson type information ({@code @JsonTypeInfo} and
 * {@code @JsonSubTypes}, as on {@link udpchat.protocol.Packet} and {@link Push}); actor refs,
 * socket addresses, lists, maps and enums need nothing more.
 */
public interface CrossNode {}
