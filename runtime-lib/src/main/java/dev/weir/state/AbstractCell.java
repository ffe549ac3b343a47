package dev.weir.state;

/**
 * What every state cell shares: its address, identity by address (Beam's state merging tells a
 * merge target from its sources with {@code equals}), and clearing.
 */
abstract class AbstractCell {
  protected final CellAddress address;

  AbstractCell(CellAddress address) {
    this.address = address;
  }

  public void clear() {
    address.clear();
  }

  @Override
  public boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && address.equals(((AbstractCell) other).address);
  }

  @Override
  public int hashCode() {
    return address.hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + address.namespace() + ", " + address.stateId() + ")";
  }
}
