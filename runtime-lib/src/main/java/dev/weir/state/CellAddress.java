package dev.weir.state;

import java.util.function.Supplier;

/**
 * Where a state cell lives: the current key's workspace, the namespace (window) and the state id.
 * The workspace is looked up on each call, so a cell or lazy read handed out earlier follows the
 * workspace the key is processed with now.
 */
record CellAddress(Supplier<KeyWorkspace> workspaces, String namespace, String stateId) {
  KeyWorkspace workspace() {
    return workspaces.get();
  }

  byte[] readValue() {
    return workspace().readValue(namespace, stateId);
  }

  void writeValue(byte[] value) {
    workspace().writeValue(namespace, stateId, value);
  }

  void clear() {
    workspace().clear(namespace, stateId);
  }

  boolean isEmpty() {
    return workspace().isEmpty(namespace, stateId);
  }
}
