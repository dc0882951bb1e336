package dev.powerwatch.cluster;

/**
 * Marks what crosses between nodes or lands in the journal: bound to Akka's Jackson CBOR
 * serializer in reference.conf (Java serialization stays off).
 */
public interface CborSerializable {}
