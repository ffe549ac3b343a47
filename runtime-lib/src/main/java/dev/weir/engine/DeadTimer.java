package dev.weir.engine;

import dev.weir.timer.TimerRecord;

/**
 * A timer whose callback kept failing and was given up: claimed without firing, so that it blocks
 * neither its key's records nor any other timer. Reported for a dead letter.
 *
 * @param window the window the timer was set in, as text
 */
public record DeadTimer(String keyId, TimerRecord timer, String window, Throwable error) {}
