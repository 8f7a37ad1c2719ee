package udpchat.server;

import udpchat.config.ChatSettings;
import udpchat.metrics.ServerMetrics;
import udpchat.protocol.PacketCodec;

/**
 * What every part of a server node reads and never changes: the chat settings, the journal's
 * keys, where to count, and the codec that sizes packets.
 */
public record ServerSettings(
    ChatSettings chat, RegistryJournal journal, ServerMetrics metrics, PacketCodec codec) {

  public static ServerSettings of(
      ChatSettings chat, RegistryJournal journal, ServerMetrics metrics) {
    return new ServerSettings(chat, journal, metrics, new PacketCodec(chat.maxDatagramBytes()));
  }
}
