/**
 * Event-time progress: the per-shard watermark policy and the global watermark, which only move
 * forward.
 */
package dev.weir.watermark;
