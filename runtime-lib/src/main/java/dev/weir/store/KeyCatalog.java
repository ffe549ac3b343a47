package dev.weir.store;

import java.util.List;
import java.util.Set;

/**
 * Which keys a store holds and where: for tools that look at state from outside (the test kit, the
 * {@code inspect} command), never for the engine, which always knows the key and window it works
 * on. Reads are consistent but not a snapshot across keys.
 */
public interface KeyCatalog {

  /**
   * Up to {@code limit} ids of keys that hold state or pending timers, in id order, starting after
   * {@code afterKeyId} ({@code null} from the first).
   */
  List<String> keyIds(String afterKeyId, int limit);

  /**
   * The namespaces (windows) in which the key holds, or may hold, state or timers, as of {@code
   * header} (the header the caller read).
   */
  Set<String> namespaces(String keyId, KeyHeader header);
}
