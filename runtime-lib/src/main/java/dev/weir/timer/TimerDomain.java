package dev.weir.timer;

/** The clock a timer follows. Synchronized processing time is not supported. */
public enum TimerDomain {
  EVENT_TIME,
  PROCESSING_TIME
}
