package dev.weir.store;

/** What a store backend has consumed so far: requests and capacity units (zero in memory). */
public interface StoreUsage {
  long requests();

  double readUnits();

  double writeUnits();

  /** The usage of a store that costs nothing, like the in-memory one. */
  static StoreUsage none() {
    return new StoreUsage() {
      @Override
      public long requests() {
        return 0;
      }

      @Override
      public double readUnits() {
        return 0;
      }

      @Override
      public double writeUnits() {
        return 0;
      }
    };
  }
}
