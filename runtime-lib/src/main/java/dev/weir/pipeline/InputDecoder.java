package dev.weir.pipeline;

/** Turns the bytes of one Kinesis record into a value; throwing marks the record undecodable. */
@FunctionalInterface
public interface InputDecoder<V> {
  V decode(byte[] data) throws Exception;
}
