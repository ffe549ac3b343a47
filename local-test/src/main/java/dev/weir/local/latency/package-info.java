/**
 * An AWS latency profile for the local stack: the emulators answer in well under a millisecond, AWS
 * in several, so a run on them measures a pace no AWS deployment has. {@link
 * dev.weir.local.latency.AwsLatencyModel} says how long each AWS operation takes in region (median
 * and 99th percentile), and {@link dev.weir.local.latency.AwsLatencyInterceptor} makes each call of
 * an SDK client take that long, whatever the emulator took less.
 */
package dev.weir.local.latency;
